package dev.beacon.registry.store;

import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;
import dev.beacon.client.Registration;
import dev.beacon.client.WireCodec;

/**
 * Converts an instance to the document stored in Redis and back: its registration, written by
 * the wire codec. Name, id and status live in the keys and a separate hash, so a status change
 * never rewrites the document, and the same registration always encodes to the same bytes
 * (metadata sorted), which is how an unchanged re-registration is recognised.
 */
final class InstanceCodec {

	private final WireCodec wire;

	InstanceCodec(WireCodec wire) {
		this.wire = wire;
	}

	String encode(Instance instance) {
		return this.wire.encode(new Registration(instance.host(), instance.port(), instance.secure(), null,
				instance.zone(), instance.weight(), instance.metadata(), instance.ttlSeconds(), instance.check()));
	}

	Instance decode(String service, String id, String status, String document) {
		Registration stored = this.wire.decodeRegistration(document);
		InstanceStatus parsed = InstanceStatus.parse(status);
		Integer ttlSeconds = stored.ttlSeconds();
		return new Instance(service, id, stored.host(), stored.port(), stored.secure(),
				(parsed != null) ? parsed : InstanceStatus.DOWN, stored.zone(), stored.weight(), stored.metadata(),
				(ttlSeconds != null) ? ttlSeconds : 0, stored.check());
	}

}
