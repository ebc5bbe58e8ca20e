package dev.jobs.bench;

/** The job JobRunr runs in the benchmark: public, because JobRunr calls it by reflection. */
public final class PeerJobs {

	private PeerJobs() {
	}

	public static void noop() {
	}

}
