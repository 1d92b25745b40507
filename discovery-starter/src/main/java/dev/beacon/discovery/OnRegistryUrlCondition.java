package dev.beacon.discovery;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code beacon.discovery.registry-url} names at least one registry, written
 * comma-separated or as an indexed list (as YAML lists are), which a plain property lookup
 * would miss.
 */
class OnRegistryUrlCondition extends SpringBootCondition {

	private static final String PROPERTY = "beacon.discovery.registry-url";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnBeaconDiscoveryEnabled.class);
		List<String> urls = Binder.get(context.getEnvironment())
			.bind(PROPERTY, Bindable.listOf(String.class))
			.orElse(List.of());
		if (urls.stream().allMatch(String::isBlank)) {
			return ConditionOutcome.noMatch(message.didNotFind("property").items(PROPERTY));
		}
		return ConditionOutcome.match(message.found("property").items(PROPERTY));
	}

}
