package dev.jobs.core.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.jobs.core.job.JobMessage;
import dev.jobs.core.job.EngineJobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects broker confirms and writes them to the job rows in batches: one UPDATE for everything
 * confirmed since the last flush, instead of one commit per job.
 *
 * <p>A mark that is lost (the instance dies, the database hiccups) costs only a duplicate message:
 * the relay publishes the still-unmarked job again and the claim's attempt fence ignores the extra
 * copy.
 */
class DispatchMarks {

	private static final Logger log = LoggerFactory.getLogger(DispatchMarks.class);

	private static final int MAX_BATCH = 1000;

	private final EngineJobStore store;

	private final ConcurrentLinkedQueue<JobMessage> confirmed = new ConcurrentLinkedQueue<>();

	DispatchMarks(EngineJobStore store) {
		this.store = store;
	}

	void add(JobMessage message) {
		confirmed.add(message);
	}

	void addAll(Collection<JobMessage> messages) {
		confirmed.addAll(messages);
	}

	/** Writes everything collected so far. */
	void flush() {
		while (!confirmed.isEmpty()) {
			List<JobMessage> batch = new ArrayList<>();
			JobMessage next;
			while (batch.size() < MAX_BATCH && (next = confirmed.poll()) != null) {
				batch.add(next);
			}
			try {
				store.outbox().markDispatched(batch);
			}
			catch (RuntimeException ex) {
				log.warn("Could not record {} broker confirms ({}); the outbox relay will publish those jobs again",
						batch.size(), ex.getMessage());
				return;
			}
		}
	}

}
