package dev.bpfforge.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The BPF Forge service: HTTP API, kernel catalog, compiles. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BpfForgeApplication {
  public static void main(String[] args) {
    SpringApplication.run(BpfForgeApplication.class, args);
  }
}
