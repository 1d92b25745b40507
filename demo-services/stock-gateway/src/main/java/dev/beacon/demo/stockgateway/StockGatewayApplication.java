package dev.beacon.demo.stockgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Cloud Gateway as a team runs its own, with only Beacon's starter added: its routes
 * come from Spring Cloud's stock discovery locator, so it shows what Beacon's discovery is
 * worth to a gateway that knows nothing else of Beacon.
 */
@SpringBootApplication
public class StockGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(StockGatewayApplication.class, args);
	}

}
