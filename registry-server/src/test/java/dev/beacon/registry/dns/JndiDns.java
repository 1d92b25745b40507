package dev.beacon.registry.dns;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * The JDK's own DNS client (JNDI {@code dns:}), asking the DNS interface directly. It sends
 * no EDNS0 and asks again over TCP when an answer comes truncated.
 */
final class JndiDns {

	private final int port;

	JndiDns(int port) {
		this.port = port;
	}

	/**
	 * @param name the name
	 * @param type the record type
	 * @return the records' data as the provider gives it; empty when the name exists without
	 * records of the type
	 * @throws javax.naming.NameNotFoundException when the answer is NXDOMAIN
	 */
	List<String> lookup(String name, String type) throws NamingException {
		Hashtable<String, String> environment = new Hashtable<>();
		environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
		environment.put(Context.PROVIDER_URL, "dns://127.0.0.1:" + this.port + "/");
		environment.put("com.sun.jndi.dns.timeout.initial", "2000");
		environment.put("com.sun.jndi.dns.timeout.retries", "1");
		DirContext context = new InitialDirContext(environment);
		try {
			Attribute attribute = context.getAttributes(name, new String[] { type }).get(type);
			List<String> values = new ArrayList<>();
			if (attribute != null) {
				NamingEnumeration<?> all = attribute.getAll();
				while (all.hasMore()) {
					values.add(all.next().toString());
				}
			}
			return values;
		}
		finally {
			context.close();
		}
	}

}
