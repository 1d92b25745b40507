package dev.beacon.registry.dns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.util.NetUtil;

import dev.beacon.client.Instance;

/**
 * The records of a service's {@code UP} instances: an address record for each instance
 * registered with an address, a CNAME for each registered with a host name, an SRV record for
 * each with its target's address beside. Each answer starts one instance further than the
 * one before, so that clients that take the first record spread over the instances.
 */
final class ServiceRecords {

	/** Every instance is tried at the same priority; weights share the traffic. */
	private static final int SRV_PRIORITY = 1;

	private final DnsNames names;

	private final long ttl;

	private final AtomicInteger turn = new AtomicInteger();

	/**
	 * @param names the domain's names
	 * @param ttl time to live of every record, in seconds
	 */
	ServiceRecords(DnsNames names, long ttl) {
		this.names = names;
		this.ttl = ttl;
	}

	/**
	 * @param instances the instances to answer, in any order
	 * @return the same, rotated by one more than for the previous answer
	 */
	List<Instance> rotate(List<Instance> instances) {
		int size = instances.size();
		if (size < 2) {
			return instances;
		}
		int first = Math.floorMod(this.turn.getAndIncrement(), size);
		List<Instance> rotated = new ArrayList<>(size);
		rotated.addAll(instances.subList(first, size));
		rotated.addAll(instances.subList(0, first));
		return rotated;
	}

	/**
	 * Address records of instances, of one type or both.
	 * @param owner the name queried
	 * @param instances the instances
	 * @param type {@code A}, {@code AAAA} or {@code ANY} for both
	 * @return the records, CNAMEs for instances registered with a host name
	 */
	List<ResourceRecord> addresses(String owner, List<Instance> instances, DnsRecordType type) {
		List<ResourceRecord> records = new ArrayList<>(instances.size());
		for (Instance instance : instances) {
			byte[] address = NetUtil.createByteArrayFromIpAddressString(instance.host());
			if (address != null) {
				ResourceRecord record = address(owner, address);
				if (type == DnsRecordType.ANY || type == record.type()) {
					records.add(record);
				}
			}
			else {
				String target = DnsNames.hostName(instance.host());
				if (target != null) {
					records.add(new ResourceRecord(owner, DnsRecordType.CNAME, this.ttl, RecordData.cname(target)));
				}
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
		DnsRecordType type = (address.length == 4) ? DnsRecordType.A : DnsRecordType.AAAA;
		return new ResourceRecord(owner, type, this.ttl, address);
	}

	/**
	 * SRV records of instances, and the addresses of their targets.
	 * @param owner the name queried
	 * @param instances the instances
	 * @return the SRV records and, apart, the address of each target registered as an address
	 */
	ServiceAnswer services(String owner, List<Instance> instances) {
		List<ResourceRecord> records = new ArrayList<>(instances.size());
		Map<String, ResourceRecord> targets = new LinkedHashMap<>();
		for (Instance instance : instances) {
			byte[] address = NetUtil.createByteArrayFromIpAddressString(instance.host());
			String target = (address != null) ? this.names.addressName(address) : DnsNames.hostName(instance.host());
			if (target == null) {
				continue;
			}
			records.add(new ResourceRecord(owner, DnsRecordType.SRV, this.ttl,
					RecordData.srv(SRV_PRIORITY, instance.weight(), instance.port(), target)));
			if (address != null) {
				targets.putIfAbsent(target, address(target, address));
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

}
