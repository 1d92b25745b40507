package dev.beacon.discovery;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code beacon.discovery.registry-url} names at least one registry.
 */
class OnRegistryUrlCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnBeaconDiscoveryEnabled.class);
		if (!RegistryUrlProperty.isSet(context.getEnvironment())) {
			return ConditionOutcome.noMatch(message.didNotFind("property").items(RegistryUrlProperty.NAME));
		}
		return ConditionOutcome.match(message.found("property").items(RegistryUrlProperty.NAME));
	}

}
