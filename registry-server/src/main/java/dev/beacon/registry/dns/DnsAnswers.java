package dev.beacon.registry.dns;

import java.util.List;
import java.util.Objects;

import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import reactor.core.publisher.Mono;

import dev.beacon.client.ServiceInstances;
import dev.beacon.registry.web.ServiceReads;

/**
 * Answers a query from the registry's instances. A name exists when it has registered
 * instances, whatever their status: an unknown service, or a zone without instances, is
 * answered NXDOMAIN; a known one whose instances are not {@code UP} an empty answer. Negative
 * answers carry the domain's SOA record (RFC 2308), so that resolvers keep them no longer than
 * positive ones. Reads go through {@link ServiceReads}: nothing reaches Redis while a service
 * is unchanged.
 */
final class DnsAnswers {

	private static final int CLASS_ANY = 255;

	private final ServiceReads reads;

	private final DnsNames names;

	private final ServiceRecords records;

	private final ResourceRecord soa;

	/**
	 * @param reads the services' instances
	 * @param names the domain's names
	 * @param ttl time to live of every record, in seconds
	 */
	DnsAnswers(ServiceReads reads, DnsNames names, long ttl) {
		this.reads = reads;
		this.names = names;
		this.records = new ServiceRecords(names, ttl);
		this.soa = new ResourceRecord(names.domain(), DnsRecordType.SOA, ttl, RecordData.soa(names.domain(), ttl));
	}

	Mono<Answer> answer(Query query) {
		DnsQuestion question = query.question();
		if (question == null) {
			return Mono.just(Answer.of(DnsResponseCode.FORMERR));
		}
		if (!query.opCode().equals(DnsOpCode.QUERY)) {
			return Mono.just(Answer.of(DnsResponseCode.NOTIMP));
		}
		if (question.dnsClass() != DnsRecord.CLASS_IN && question.dnsClass() != CLASS_ANY) {
			return Mono.just(Answer.of(DnsResponseCode.REFUSED));
		}
		String name = question.name();
		DnsRecordType type = question.type();
		QueryName queried = this.names.parse(name);
		return switch (queried.kind()) {
			case OUTSIDE -> Mono.just(Answer.of(DnsResponseCode.REFUSED));
			case UNKNOWN -> Mono.just(negative(DnsResponseCode.NXDOMAIN));
			case APEX -> Mono.just((type == DnsRecordType.SOA || type == DnsRecordType.ANY)
					? positive(List.of(this.soa.named(name)), List.of()) : negative(DnsResponseCode.NOERROR));
			case EMPTY -> Mono.just(negative(DnsResponseCode.NOERROR));
			case ADDRESS -> Mono.just(address(name, type, Objects.requireNonNull(queried.address()).getAddress()));
			case SERVICE, SRV -> this.reads.instances(queried.service())
				.map((read) -> service(name, type, queried, read));
		};
	}

	private Answer address(String name, DnsRecordType type, byte[] address) {
		ResourceRecord record = this.records.address(name, address);
		return (type == record.type() || type == DnsRecordType.ANY) ? positive(List.of(record), List.of())
				: negative(DnsResponseCode.NOERROR);
	}

	private Answer service(String name, DnsRecordType type, QueryName queried, ServiceInstances read) {
		ServiceRecords.Prepared service = this.records.of(read);
		String zone = queried.zone();
		List<ServiceRecords.InstanceRecords> up;
		if (zone != null) {
			List<ServiceRecords.InstanceRecords> named = service.all()
				.stream()
				.filter((records) -> zone.equalsIgnoreCase(records.instance().zone()))
				.toList();
			if (named.isEmpty()) {
				return negative(DnsResponseCode.NXDOMAIN);
			}
			up = this.records.rotateUp(named);
		}
		else {
			if (service.all().isEmpty()) {
				return negative(DnsResponseCode.NXDOMAIN);
			}
			up = this.records.rotateUp(service);
		}
		if (type == DnsRecordType.SRV) {
			ServiceRecords.ServiceAnswer services = this.records.services(name, up);
			return positive(services.records(), services.targets());
		}
		if (queried.kind() == QueryName.Kind.SERVICE
				&& (type == DnsRecordType.A || type == DnsRecordType.AAAA || type == DnsRecordType.ANY)) {
			return positive(this.records.addresses(name, up, type), List.of());
		}
		return negative(DnsResponseCode.NOERROR);
	}

	private Answer positive(List<ResourceRecord> answers, List<ResourceRecord> additional) {
		if (answers.isEmpty()) {
			return negative(DnsResponseCode.NOERROR);
		}
		return new Answer(DnsResponseCode.NOERROR, answers, List.of(), additional);
	}

	private Answer negative(DnsResponseCode code) {
		return new Answer(code, List.of(), List.of(this.soa), List.of());
	}

}
