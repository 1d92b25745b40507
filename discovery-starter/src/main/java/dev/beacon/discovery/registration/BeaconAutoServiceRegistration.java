package dev.beacon.discovery.registration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationProperties;
import org.springframework.context.ApplicationContext;

/**
 * Registers this application when its main web server has started (not the management
 * server), with the port the server bound.
 */
public class BeaconAutoServiceRegistration extends AbstractAutoServiceRegistration<BeaconRegistration> {

	private final BeaconRegistration registration;

	public BeaconAutoServiceRegistration(ApplicationContext context, BeaconServiceRegistry serviceRegistry,
			AutoServiceRegistrationProperties properties, BeaconRegistration registration) {
		super(context, serviceRegistry, properties);
		this.registration = registration;
	}

	@Override
	@SuppressWarnings("deprecation")
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (!"management".equals(event.getApplicationContext().getServerNamespace())) {
			this.registration.setPortIfUnset(event.getWebServer().getPort());
		}
		super.onApplicationEvent(event);
	}

	@Override
	protected BeaconRegistration getRegistration() {
		return this.registration;
	}

	@Override
	protected @Nullable BeaconRegistration getManagementRegistration() {
		return null;
	}

	@Override
	@Deprecated
	protected Object getConfiguration() {
		return this.registration;
	}

	@Override
	protected boolean isEnabled() {
		return true;
	}

}
