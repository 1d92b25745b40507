package dev.beacon.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Beacon's registry server: instances register and renew leases over HTTP, every change is
 * kept in Redis and pushed to watchers.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RegistryServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(RegistryServerApplication.class, args);
	}

}
