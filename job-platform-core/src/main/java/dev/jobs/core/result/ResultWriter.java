package dev.jobs.core.result;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A result file being written. Write to {@link #stream()}, then {@link #commit()}; closing
 * without a commit discards everything written.
 */
public interface ResultWriter extends Closeable {

	/** Where the content goes. Buffered; do not close it yourself. */
	OutputStream stream();

	/**
	 * Makes the file visible under the job's id, replacing an earlier one.
	 * @return the file's size in bytes
	 */
	long commit() throws IOException;

	/** Discards the file unless it was committed. Never throws for a discard that fails. */
	@Override
	void close();

}
