package dev.jobs.core;

/** The submitter already has as many active jobs of this type as {@code max-active-per-user} allows. */
public class TooManyActiveJobsException extends JobsException {

	private final int limit;

	public TooManyActiveJobsException(String type, String submitter, int limit) {
		super(submitter + " already has " + limit + " active " + type + " job(s), the most allowed at once. "
				+ "Wait until one of them finishes, or cancel one.");
		this.limit = limit;
	}

	public int limit() {
		return limit;
	}

}
