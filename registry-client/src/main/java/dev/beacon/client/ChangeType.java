package dev.beacon.client;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The kinds of change the registry records. On the wire each is named in lower case, as the
 * {@code type} of a change document and the event name of the change stream.
 */
public enum ChangeType {

	/** An instance registered, or replaced its registration. */
	REGISTER,

	/** An instance changed its status. */
	STATUS,

	/** An instance deregistered. */
	DEREGISTER,

	/** An instance's lease expired and the registry evicted it. */
	EXPIRE;

	private final String wireName = name().toLowerCase(Locale.ROOT);

	/**
	 * Whether the instance is gone after this change.
	 * @return {@code true} for deregistration and expiry
	 */
	public boolean removesInstance() {
		return this == DEREGISTER || this == EXPIRE;
	}

	/**
	 * The name of this kind of change on the wire.
	 * @return the name, such as {@code register}
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * The kind of change with the given wire name.
	 * @param wireName a name such as {@code register}
	 * @return the kind, or {@code null} when the name is not one
	 */
	public static @Nullable ChangeType fromWireName(@Nullable String wireName) {
		for (ChangeType type : values()) {
			if (type.wireName.equals(wireName)) {
				return type;
			}
		}
		return null;
	}

}
