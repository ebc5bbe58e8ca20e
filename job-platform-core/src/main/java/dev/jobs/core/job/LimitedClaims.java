package dev.jobs.core.job;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.jobs.core.RateLimit;
import dev.jobs.core.job.JobClaims.ClaimResult;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.jobs.core.JobStatus.RUNNING;
import static dev.jobs.core.job.JobStateMachine.literal;

/**
 * Claims of a type limited across the cluster: at most N attempts running ({@code global-concurrency}) and at most
 * N starts per period ({@code rate-limit}), on every instance at once.
 *
 * <p>Every claim of a limited type takes the type's row in {@code job_type_control} for update, so the claims of
 * the type are taken one at a time across the cluster; under that lock it counts the type's running attempts and
 * reads when the next start is allowed, and only then makes the ordinary fenced claim ({@link JobClaims#claim}), in
 * the same transaction. A claim over a limit changes nothing on the job: it stays waiting, its message stays with
 * the worker, which asks again when told ({@link Verdict#waitFor}). No attempt is charged, nothing is failed or
 * dead-lettered. Types without a limit never come here and pay nothing.
 *
 * <p>Times are the clock's at each statement ({@code clock_timestamp()}), not the transaction's {@code now()}, which
 * was fixed before the lock was had: a claim records its start after what it saw under the lock, so the recorded
 * starts of a rate-limited type are at least one {@link RateLimit#spacing()} apart, and no recorded attempt of a
 * type with a global concurrency overlaps more others than the limit allows.
 */
public class LimitedClaims {

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final JobClaims claims;

	LimitedClaims(JdbcClient jdbc, TransactionTemplate transaction, JobClaims claims) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.claims = claims;
	}

	/**
	 * The answer to a limited claim: the claim's own answer when it was made, or how long to wait before asking
	 * again when a limit held it back.
	 * @param waitFor until the next start is allowed (rate), or {@code null} when only a running attempt's end
	 * can make room (concurrency): ask again soon
	 */
	public record Verdict(ClaimResult claim, Duration waitFor, String limit) {

		public boolean held() {
			return claim == null;
		}

	}

	/**
	 * Claims the job of {@code message} if the type's limits allow a start now.
	 * @param globalConcurrency the configured limit, {@code null} for none (an operator's override wins)
	 * @param rate the configured limit, {@code null} for none (an operator's override wins)
	 */
	public Verdict claim(JobMessage message, String workerId, UUID claimId, Duration lease, Integer globalConcurrency,
			RateLimit rate) {
		return transaction.execute(status -> {
			Limits limits = lockLimits(message.type(), globalConcurrency, rate);
			if (limits.waitMillis() > 0) {
				return held(message.type(), Duration.ofMillis(limits.waitMillis()), "rate-limit");
			}
			if (limits.globalConcurrency() != null && running(message.type()) >= limits.globalConcurrency()) {
				return held(message.type(), null, "global-concurrency");
			}
			ClaimResult claim = claims.claimAllAtClockTime(List.of(message), workerId, claimId, lease).get(0);
			if (claim.won() && limits.spacingMillis() != null) {
				jdbc.sql("""
						update {jobs}.job_type_control
						   set next_start_at = clock_timestamp() + :spacingMillis * interval '1 millisecond'
						 where type = :type
						""").param("spacingMillis", limits.spacingMillis()).param("type", message.type()).update();
			}
			return new Verdict(claim, null, null);
		});
	}

	/**
	 * Claims a consumer's batch in one statement if the whole batch fits under the type's global concurrency now
	 * (its waiting claims count as running) and no rate limit meters its starts: a limit that does not bind costs
	 * one lock and one count per batch.
	 * @return one answer per message, as {@link JobClaims#claimAll}; {@code null} when the batch does not fit or
	 * the type's starts are metered, and nothing was claimed: claim its messages one at a time ({@link #claim})
	 */
	public List<ClaimResult> claimAllIfRoom(List<JobMessage> messages, String workerId, UUID claimId, Duration lease,
			Integer globalConcurrency, RateLimit rate) {
		return transaction.execute(status -> {
			Limits limits = lockLimits(messages.get(0).type(), globalConcurrency, rate);
			if (limits.spacingMillis() != null) {
				return null;
			}
			if (limits.globalConcurrency() != null
					&& running(messages.get(0).type()) + messages.size() > limits.globalConcurrency()) {
				return null;
			}
			return claims.claimAllAtClockTime(messages, workerId, claimId, lease);
		});
	}

	private record Limits(Integer globalConcurrency, Double spacingMillis, long waitMillis) {
	}

	/** Locks the type's row (made on first use) and reads its limits in force. */
	private Limits lockLimits(String type, Integer globalConcurrency, RateLimit rate) {
		jdbc.sql("insert into {jobs}.job_type_control (type) values (:type) on conflict (type) do nothing")
			.param("type", type)
			.update();
		return jdbc.sql("""
				select coalesce(global_concurrency, :global) as global_limit,
				       coalesce(rate_period_millis::numeric / rate_permits, :spacing) as spacing_millis,
				       greatest(0, ceil(extract(epoch from coalesce(next_start_at, clock_timestamp()) - clock_timestamp())
				                        * 1000)) as wait_millis
				  from {jobs}.job_type_control
				 where type = :type
				   for update
				""")
			.param("type", type)
			.param("global", globalConcurrency, java.sql.Types.INTEGER)
			.param("spacing", (rate != null) ? (double) rate.period().toMillis() / rate.permits() : null,
					java.sql.Types.DOUBLE)
			.query((rs, n) -> {
				double spacing = rs.getDouble("spacing_millis");
				boolean rated = !rs.wasNull();
				long wait = rs.getLong("wait_millis");
				return new Limits((Integer) rs.getObject("global_limit"), rated ? spacing : null, rated ? wait : 0);
			})
			.single();
	}

	private long running(String type) {
		return jdbc.sql("select count(*) from {jobs}.job where status = %s and type = :type".formatted(literal(RUNNING)))
			.param("type", type)
			.query(Long.class)
			.single();
	}

	/** Held back: says so on the type's row (at most once a second), so the relay does not take the wait for loss. */
	private Verdict held(String type, Duration waitFor, String limit) {
		jdbc.sql("""
				update {jobs}.job_type_control set limited_at = now()
				 where type = :type and (limited_at is null or limited_at < now() - interval '1 second')
				""").param("type", type).update();
		return new Verdict(null, waitFor, limit);
	}

}
