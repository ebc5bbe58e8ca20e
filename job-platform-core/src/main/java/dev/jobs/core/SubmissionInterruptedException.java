package dev.jobs.core;

/**
 * A {@link JobClient#submit} was interrupted while it waited for the commit in flight to end, before its own
 * group's commit began: the job was <em>not</em> submitted, and the thread's interrupt flag is set again.
 * (Once its group's commit has begun, an interrupted caller waits for that commit and gets its outcome, so a
 * submission never ends with an unknown outcome.)
 */
public class SubmissionInterruptedException extends JobsException {

	public SubmissionInterruptedException() {
		super("Interrupted while waiting to commit the submission; the job was not submitted. "
				+ "Submit again if it is still wanted.");
	}

}
