package dev.beacon.registry.store;

/**
 * Hears from whoever follows the change log, so that what is kept in memory from the store
 * can be dropped when the store changes.
 */
public interface ChangeObserver {

	/**
	 * Every change recorded from now on will be reported through {@link #changed}, until
	 * {@link #lost()}.
	 */
	void following();

	/**
	 * A change was read from the change log.
	 * @param event the change
	 */
	void changed(ChangeEvent event);

	/**
	 * The change log cannot be read: changes may go unreported until {@link #following()}.
	 */
	void lost();

}
