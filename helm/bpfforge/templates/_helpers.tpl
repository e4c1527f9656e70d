{{- define "bpfforge.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "bpfforge.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "bpfforge.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Secret names: the user's existing Secret, else the one this chart makes. */}}
{{- define "bpfforge.databaseSecret" -}}{{ .Values.database.existingSecret | default (printf "%s-database" (include "bpfforge.fullname" .)) }}{{- end -}}
{{- define "bpfforge.databaseSecretKey" -}}{{ ternary .Values.database.existingSecretPasswordKey "password" (ne .Values.database.existingSecret "") }}{{- end -}}
{{- define "bpfforge.s3Secret" -}}{{ .Values.s3.existingSecret | default (printf "%s-s3" (include "bpfforge.fullname" .)) }}{{- end -}}
{{- define "bpfforge.hasS3Keys" -}}{{ or (ne .Values.s3.existingSecret "") (ne .Values.s3.accessKey "") }}{{- end -}}
{{- define "bpfforge.adminSecret" -}}{{ .Values.adminToken.existingSecret | default (printf "%s-admin" (include "bpfforge.fullname" .)) }}{{- end -}}
{{- define "bpfforge.hasAdminToken" -}}{{ or (ne .Values.adminToken.existingSecret "") (ne .Values.adminToken.value "") }}{{- end -}}

{{/* Settings every pod shares: non-secret ones from the ConfigMap, secrets only by secretKeyRef. */}}
{{- define "bpfforge.commonEnv" -}}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "bpfforge.databaseSecret" . }}
      key: {{ include "bpfforge.databaseSecretKey" . }}
{{- if eq (include "bpfforge.hasS3Keys" .) "true" }}
- name: BPFFORGE_BLOB_STORE_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "bpfforge.s3Secret" . }}
      key: {{ ternary .Values.s3.existingSecretAccessKeyKey "access-key" (ne .Values.s3.existingSecret "") }}
- name: BPFFORGE_BLOB_STORE_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "bpfforge.s3Secret" . }}
      key: {{ ternary .Values.s3.existingSecretSecretKeyKey "secret-key" (ne .Values.s3.existingSecret "") }}
{{- end }}
{{- end -}}

{{- define "bpfforge.podSecurity" -}}
seccompProfile:
  type: RuntimeDefault
{{- end -}}
