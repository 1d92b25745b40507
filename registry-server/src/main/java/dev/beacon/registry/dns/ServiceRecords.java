package dev.beacon.registry.dns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;

import dev.beacon.client.Instance;
import dev.beacon.client.ServiceInstances;

/**
 * The records of a service's {@code UP} instances: an address record for each instance
 * registered with an address, a CNAME for each registered with a host name, an SRV record for
 * each with its target's address beside. What an instance's records hold is worked out once per
 * revision of its service, not per query. Each answer starts one instance further than the one
 * before, so that clients that take the first record spread over the instances.
 */
final class ServiceRecords {

	/** Every instance is tried at the same priority; weights share the traffic. */
	private static final int SRV_PRIORITY = 1;

	/** Services whose records are kept between queries; a service beyond them is prepared again when asked. */
	private static final int KEPT_SERVICES = 10_000;

	private final DnsNames names;

	private final long ttl;

	private final AtomicInteger turn = new AtomicInteger();

	private final Cache<String, Prepared> prepared = Caffeine.newBuilder().maximumSize(KEPT_SERVICES).build();

	/**
	 * @param names the domain's names
	 * @param ttl time to live of every record, in seconds
	 */
	ServiceRecords(DnsNames names, long ttl) {
		this.names = names;
		this.ttl = ttl;
	}

	/**
	 * @param service a service's instances at one revision
	 * @return the records of each of them, worked out once for that revision
	 */
	Prepared of(ServiceInstances service) {
		Prepared known = this.prepared.getIfPresent(service.service());
		if (known != null && known.source() == service) {
			return known;
		}
		// the read cache reads a service again now and then: an equal read keeps what was worked out
		Prepared current = (known != null && known.source().revision() == service.revision()
				&& known.source().instances().equals(service.instances())) ? known.readAs(service) : prepare(service);
		if (!service.instances().isEmpty()) {
			this.prepared.put(service.service(), current);
		}
		return current;
	}

	private Prepared prepare(ServiceInstances service) {
		List<InstanceRecords> all = new ArrayList<>(service.instances().size());
		for (Instance instance : service.instances()) {
			all.add(records(instance));
		}
		return new Prepared(service, all, up(all));
	}

	private InstanceRecords records(Instance instance) {
		byte[] address = NetUtil.createByteArrayFromIpAddressString(instance.host());
		String target = (address != null) ? this.names.addressName(address) : DnsNames.hostName(instance.host());
		if (target == null) {
			return new InstanceRecords(instance, null, null, null, null);
		}
		ResourceRecord srv = new ResourceRecord(target, DnsRecordType.SRV, this.ttl,
				RecordData.srv(SRV_PRIORITY, instance.weight(), instance.port(), target), target);
		return (address != null)
				? new InstanceRecords(instance, address, null, srv, address(target, address))
				: new InstanceRecords(instance, null, RecordData.cname(target), srv, null);
	}

	/**
	 * @param instances the records of instances, in any order
	 * @return those of the instances that are {@code UP}, rotated by one more than for the previous
	 * answer
	 */
	List<InstanceRecords> rotateUp(List<InstanceRecords> instances) {
		return rotate(up(instances));
	}

	/**
	 * @param prepared a service's records
	 * @return those of its {@code UP} instances, rotated by one more than for the previous answer
	 */
	List<InstanceRecords> rotateUp(Prepared prepared) {
		return rotate(prepared.up());
	}

	private List<InstanceRecords> rotate(List<InstanceRecords> instances) {
		int size = instances.size();
		if (size < 2) {
			return instances;
		}
		int first = Math.floorMod(this.turn.getAndIncrement(), size);
		List<InstanceRecords> rotated = new ArrayList<>(size);
		rotated.addAll(instances.subList(first, size));
		rotated.addAll(instances.subList(0, first));
		return rotated;
	}

	private static List<InstanceRecords> up(List<InstanceRecords> instances) {
		List<InstanceRecords> up = new ArrayList<>(instances.size());
		for (InstanceRecords records : instances) {
			if (records.instance().isUp()) {
				up.add(records);
			}
		}
		return up;
	}

	/**
	 * Address records of instances, of one type or both.
	 * @param owner the name queried
	 * @param instances the instances' records
	 * @param type {@code A}, {@code AAAA} or {@code ANY} for both
	 * @return the records, CNAMEs for instances registered with a host name
	 */
	List<ResourceRecord> addresses(String owner, List<InstanceRecords> instances, DnsRecordType type) {
		List<ResourceRecord> records = new ArrayList<>(instances.size());
		for (InstanceRecords instance : instances) {
			byte[] address = instance.address();
			if (address != null) {
				DnsRecordType addressType = addressType(address);
				if (type == DnsRecordType.ANY || type == addressType) {
					records.add(new ResourceRecord(owner, addressType, this.ttl, address));
				}
			}
			else if (instance.cname() != null) {
				records.add(new ResourceRecord(owner, DnsRecordType.CNAME, this.ttl, instance.cname()));
			}
		}
		return records;
	}

	/**
	 * @param owner the name
	 * @param address an IPv4 or IPv6 address
	 * @return its A or AAAA record
	 */
	ResourceRecord address(String owner, byte[] address) {
		return new ResourceRecord(owner, addressType(address), this.ttl, address);
	}

	private static DnsRecordType addressType(byte[] address) {
		return (address.length == 4) ? DnsRecordType.A : DnsRecordType.AAAA;
	}

	/**
	 * SRV records of instances, and the addresses of their targets.
	 * @param owner the name queried
	 * @param instances the instances' records
	 * @return the SRV records and, apart, the address of each target registered as an address
	 */
	ServiceAnswer services(String owner, List<InstanceRecords> instances) {
		List<ResourceRecord> records = new ArrayList<>(instances.size());
		Map<String, ResourceRecord> targets = new LinkedHashMap<>();
		for (InstanceRecords instance : instances) {
			ResourceRecord srv = instance.srv();
			if (srv == null) {
				continue;
			}
			records.add(srv.named(owner));
			ResourceRecord targetAddress = instance.targetAddress();
			if (targetAddress != null) {
				targets.putIfAbsent(targetAddress.name(), targetAddress);
			}
		}
		return new ServiceAnswer(records, List.copyOf(targets.values()));
	}

	/**
	 * @param records SRV records
	 * @param targets the addresses of their targets
	 */
	record ServiceAnswer(List<ResourceRecord> records, List<ResourceRecord> targets) {
	}

	/**
	 * What one instance answers, worked out from its registration.
	 *
	 * @param instance the instance
	 * @param address its address, when registered with one
	 * @param cname the data of a CNAME record to its host, when registered with a host name
	 * @param srv its SRV record, owned by its target until an answer names it; {@code null} when its
	 * host can be no DNS name
	 * @param targetAddress the address record of the SRV record's target, when registered with an
	 * address
	 */
	record InstanceRecords(Instance instance, byte @Nullable [] address, byte @Nullable [] cname,
			@Nullable ResourceRecord srv, @Nullable ResourceRecord targetAddress) {
	}

	/**
	 * A service's records at one revision.
	 *
	 * @param source the read they were worked out from
	 * @param all the records of every registered instance
	 * @param up the records of its {@code UP} instances
	 */
	record Prepared(ServiceInstances source, List<InstanceRecords> all, List<InstanceRecords> up) {

		Prepared readAs(ServiceInstances read) {
			return new Prepared(read, this.all, this.up);
		}

	}

}
