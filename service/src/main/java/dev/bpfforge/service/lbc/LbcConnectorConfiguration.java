package dev.bpfforge.service.lbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The Coolbpf port: a second Tomcat connector beside the API's, and the filter that confines it
 * to {@code /lbc} and the allowed networks.
 */
@Configuration(proxyBeanMethods = false)
class LbcConnectorConfiguration {
  private static final Logger log = LoggerFactory.getLogger(LbcConnectorConfiguration.class);

  @Bean
  LbcPort lbcPort(LbcProperties properties, Environment environment) {
    if (properties.port() != null) {
      return new LbcPort(properties.port());
    }
    // The embedded default is one process on one host, where Coolbpf's clients expect the port;
    // with an external database this may be one of several replicas or workers on a host.
    String datasource = environment.getProperty("spring.datasource.url");
    boolean embedded = datasource == null || datasource.isBlank() || datasource.equals("embedded");
    return new LbcPort(embedded ? LbcProperties.COOLBPF_PORT : -1);
  }

  @Bean
  ClientNetworks lbcClientNetworks(LbcProperties properties) {
    return new ClientNetworks(properties.allowedNetworks());
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> lbcConnector(LbcPort port, ClientNetworks networks) {
    return factory -> {
      if (!port.enabled()) {
        return;
      }
      Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
      connector.setPort(port.value());
      factory.addAdditionalTomcatConnectors(connector);
      log.info("Coolbpf /lbc on port {} for clients in {}", port.value(), networks);
    };
  }

  @Bean
  FilterRegistrationBean<LbcPortFilter> lbcPortFilter(LbcPort port, ClientNetworks networks, ObjectMapper json) {
    FilterRegistrationBean<LbcPortFilter> registration = new FilterRegistrationBean<>(new LbcPortFilter(port, networks, json));
    // First of all filters: nothing else (authentication included) sees a request this port refuses.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.setEnabled(port.enabled());
    return registration;
  }
}
