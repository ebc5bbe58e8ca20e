package dev.jobs.types.export;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;

/**
 * Reads rows on a thread of its own and hands them over in batches through a small bounded
 * queue, so that fetching and mapping rows overlaps with writing the file instead of alternating
 * with it. The bound keeps memory flat: at most {@code capacity} batches wait, whatever the
 * export's size.
 *
 * <p>The consumer must {@link #close()} the pipe when it stops early (cancelled, failed): the
 * reader then gives up at its next batch and its query ends.
 */
final class RowPipe<R> implements AutoCloseable {

	private static final Object END = new Object();

	private final BlockingQueue<Object> queue;

	private final int batchSize;

	private volatile boolean closed;

	private Thread reader;

	RowPipe(int batchSize, int capacity) {
		this.batchSize = batchSize;
		this.queue = new ArrayBlockingQueue<>(capacity);
	}

	/** A query that calls back for every row, e.g. a cursor read. */
	interface Query {

		void run(RowCallbackHandler rows);

	}

	/** Starts reading on a new thread. */
	void start(String threadName, Query query, RowMapper<R> mapper) {
		reader = new Thread(() -> read(query, mapper), threadName);
		reader.setDaemon(true);
		reader.start();
	}

	private void read(Query query, RowMapper<R> mapper) {
		try {
			List<List<R>> batch = new ArrayList<>(1);
			batch.add(new ArrayList<>(batchSize));
			query.run(rs -> {
				batch.get(0).add(mapper.mapRow(rs, 0));
				if (batch.get(0).size() == batchSize) {
					hand(batch.get(0));
					batch.set(0, new ArrayList<>(batchSize));
				}
			});
			if (!batch.get(0).isEmpty()) {
				hand(batch.get(0));
			}
			hand(END);
		}
		catch (Closed ex) {
			// The consumer stopped; nobody waits for the rest.
		}
		catch (Throwable ex) {
			try {
				hand(new Failure(ex));
			}
			catch (Closed closedMeanwhile) {
				// As above.
			}
		}
	}

	private void hand(Object item) {
		try {
			while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
				if (closed) {
					throw new Closed();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Closed();
		}
	}

	/**
	 * The next batch, or {@code null} after the last one.
	 * @throws RuntimeException what the reader failed with
	 */
	@SuppressWarnings("unchecked")
	List<R> take() throws InterruptedException {
		Object item = queue.take();
		if (item == END) {
			return null;
		}
		if (item instanceof Failure failure) {
			if (failure.cause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (failure.cause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(failure.cause());
		}
		return (List<R>) item;
	}

	/**
	 * Stops the reader and waits until it has let go of the query (and so of its connection);
	 * an interrupt meanwhile is kept for the caller.
	 */
	@Override
	public void close() {
		closed = true;
		queue.clear();
		if (reader == null) {
			return;
		}
		boolean interrupted = false;
		while (reader.isAlive()) {
			try {
				reader.join();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private record Failure(Throwable cause) {
	}

	/** Unwinds the reader's query once the consumer has stopped. */
	private static final class Closed extends RuntimeException {

		Closed() {
			super("The export stopped reading", null, false, false);
		}

	}

}
