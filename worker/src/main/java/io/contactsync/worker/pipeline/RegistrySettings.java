package io.contactsync.worker.pipeline;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The schema registry ({@code contact-sync.registry.*}).
 *
 * @param url Apicurio Registry native API URL
 */
@ConfigurationProperties("contact-sync.registry")
public record RegistrySettings(@DefaultValue("http://localhost:8081/apis/registry/v3") String url) {
}
