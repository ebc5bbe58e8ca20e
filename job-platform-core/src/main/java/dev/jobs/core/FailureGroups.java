package dev.jobs.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.JobAdmin.BulkResult;

/**
 * Failed jobs grouped by cause, as an error tracker groups exceptions. A group's fingerprint is the job's type, the
 * exception class, the message with its ids, numbers and quoted values masked, and the first application frame of
 * the stack trace; its members are the jobs whose latest attempt failed with that cause and that are still
 * {@code FAILED} (parked in the dead-letter queue) or {@code RETRY_WAIT} (failing, waiting for another attempt).
 * Counts, first and last seen are computed from the job rows, so a retry or a delete changes them at once.
 *
 * <p>Reading is for those who see every job (administrators and readers, {@link JobAdmin#access}); retry and cancel
 * are {@link JobAdmin} bulk actions over a group's members, with the same rules and the same limit
 * ({@link JobAdmin#MAX_MATCHING} jobs per call).
 */
public interface FailureGroups {

	/** At most this many groups per list. */
	int MAX_LIMIT = 200;

	/**
	 * The groups with a member that failed at or after {@code since} (any time when {@code null}), of one type when
	 * {@code type} is given, largest first; counts are of the members seen since then. {@code limit} is clamped to
	 * 1..{@link #MAX_LIMIT}.
	 */
	List<FailureGroup> list(Instant since, String type, int limit);

	/** A group with its newest member's error and stack trace; empty when the group has no member. */
	Optional<FailureGroupDetail> detail(String fingerprint);

	/**
	 * Retries the group's failed members (a new attempt each, as {@link JobAdmin#retry} does).
	 * @throws FailureGroupNotFoundException if the group has no member
	 * @throws JobAdmin.NotAllowedException if the actor is not an administrator
	 */
	BulkResult retry(Actor actor, String fingerprint);

	/**
	 * Cancels the group's members that wait to retry, so that a cause known to fail stops costing attempts (as
	 * {@link JobAdmin#cancel} does); failed members have ended already and stay as they are.
	 * @throws FailureGroupNotFoundException if the group has no member
	 * @throws JobAdmin.NotAllowedException if the actor is not an administrator
	 */
	BulkResult cancel(Actor actor, String fingerprint);

	/**
	 * One cause and its members.
	 * @param exceptionClass the exception's class; {@code null} when the platform ended the attempt (a timeout, a
	 * lost worker, an undeliverable job)
	 * @param message the message as grouped: ids, numbers and quoted values masked
	 * @param frame the first application frame ({@code com.example.Billing.charge}), {@code null} when none
	 * @param types the job types of the members (the fingerprint includes the type: one)
	 * @param count the members: {@code failed} + {@code retrying}
	 * @param firstSeen the oldest member's failure; {@code lastSeen} the newest's
	 * @param sampleJobId the newest member
	 */
	record FailureGroup(String fingerprint, String exceptionClass, String message, String frame, List<String> types,
			long count, long failed, long retrying, Instant firstSeen, Instant lastSeen, UUID sampleJobId) {
	}

	/**
	 * A group and its newest member's failure as recorded.
	 * @param sampleError the error of its last attempt ({@code lastError})
	 * @param sampleStackTrace the stack trace of its last failed attempt; {@code null} when none was recorded
	 */
	record FailureGroupDetail(FailureGroup group, String sampleError, String sampleStackTrace) {
	}

}
