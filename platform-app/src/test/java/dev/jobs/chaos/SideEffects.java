package dev.jobs.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.jobs.app.TestMailServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * What the platform's users count, rather than jobs: per accepted request its operation-log entry, per
 * export its result file, its in-app notification and its email. Read from the database, the result
 * directory, the test's SMTP server and the instances' logs, after the scenario's jobs (and the
 * notifications their ends caused) are terminal.
 *
 * <p>Tolerated, because the docs promise no better: an operation-log entry missing for a call the
 * instance answered just before it was killed (OPERATION-LOG.md, "What a crash can lose": the last
 * 50 ms of entries plus one disk sync; the suite allows 1 s), and a second copy of an email whose
 * notification job logged the "sending again" warning of an uncertain earlier send (NOTIFICATIONS.md,
 * "Where at-least-once remains").
 */
final class SideEffects {

	/** Where the chaos instances keep result files; theirs alone, so a leftover file here is theirs. */
	static final Path RESULTS = Path.of("target", "chaos-results").toAbsolutePath();

	/** The crash window of the operation log the suite allows (the docs: 50 ms plus one sync). */
	static final Duration CRASH_WINDOW = Duration.ofSeconds(1);

	/** The owner of the exports gets mail here (not {@code .invalid}: mail to it is delivered). */
	static final String OWNER_EMAIL = "admin@chaos.example.com";

	/** One accepted (2xx) call to an annotated endpoint, as the client saw it. */
	record Call(String correlationId, String instance, Instant answeredAt) {
	}

	private static final List<Call> CALLS = Collections.synchronizedList(new ArrayList<>());

	/** When each instance name was last killed with SIGKILL (an instance restarts under its old name). */
	private static final Map<String, List<Instant>> KILLS = Collections.synchronizedMap(new HashMap<>());

	static void called(String correlationId, String instance, Instant answeredAt) {
		CALLS.add(new Call(correlationId, instance, answeredAt));
	}

	static void killed(String instance, Instant at) {
		KILLS.computeIfAbsent(instance, name -> Collections.synchronizedList(new ArrayList<>())).add(at);
	}

	/** A mark in the calls made so far: {@link #callsSince(int)} returns those made after it. */
	static int mark() {
		return CALLS.size();
	}

	static List<Call> callsSince(int mark) {
		synchronized (CALLS) {
			return List.copyOf(CALLS.subList(mark, CALLS.size()));
		}
	}

	/** Whether the call was answered by an instance that was killed within the crash window after it. */
	static boolean inCrashWindow(Call call) {
		List<Instant> kills = KILLS.getOrDefault(call.instance(), List.of());
		synchronized (kills) {
			return kills.stream()
				.anyMatch(kill -> !kill.isBefore(call.answeredAt())
						&& Duration.between(call.answeredAt(), kill).compareTo(CRASH_WINDOW) <= 0);
		}
	}

	/**
	 * The counts of one scenario.
	 * @param calls accepted calls to annotated endpoints
	 * @param logMissing calls without an operation-log entry, outside the crash window
	 * @param logMissingInWindow calls without an entry, answered just before their instance was killed
	 * @param logDoubled calls with more than one entry
	 * @param exports exports accepted
	 * @param exportsSucceeded of which ended {@code SUCCEEDED}
	 * @param exportsFailed of which ended {@code FAILED}
	 * @param files committed result files of the exports
	 * @param filesWrong succeeded exports without their file, plus files of exports that did not succeed
	 * @param partials unfinished ({@code .part}) files of the exports left in the result directory
	 * @param inApp in-app notifications of the exports
	 * @param inAppWrong ended exports whose in-app notification count is not exactly one
	 * @param emailJobs email notification jobs of the exports
	 * @param emails mails the SMTP server received for them
	 * @param emailsMissing email notification jobs that succeeded and whose mail never arrived, other than
	 * those that say {@code UNCERTAIN}
	 * @param emailsUncertain email notification jobs that ended with the outcome {@code UNCERTAIN} (the server
	 * may have the mail; not sent again)
	 * @param emailsDoubledWarned extra copies of mails whose job logged the uncertain-send warning
	 * @param emailsDoubledSilently extra copies without that warning
	 * @param notificationsFailed notification jobs of the exports that ended {@code FAILED}
	 */
	record Counts(int calls, int logMissing, int logMissingInWindow, int logDoubled, int exports, int exportsSucceeded,
			int exportsFailed, int files, int filesWrong, int partials, int inApp, int inAppWrong, int emailJobs,
			int emails, int emailsMissing, int emailsUncertain, int emailsDoubledWarned, int emailsDoubledSilently,
			int notificationsFailed) {
	}

	private static final Pattern UUID_TEXT = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	/** Sets up what the counts need: the owner's mail address (the initial admin has none). */
	static void prepare() throws SQLException {
		try (Connection c = Ledger.connect();
				PreparedStatement s = Ledger.prepare(c, "update app_user set email = ? where username = 'admin'")) {
			s.setString(1, OWNER_EMAIL);
			s.executeUpdate();
		}
	}

	/** Gives the employee table exactly {@code rows} live rows: an export of them runs for a few seconds. */
	static void seedEmployees(int rows) throws SQLException {
		try (Connection c = Ledger.connect();
				PreparedStatement count = Ledger.prepare(c, "select count(*) from employee where not deleted");
				ResultSet rs = count.executeQuery()) {
			rs.next();
			int missing = rows - rs.getInt(1);
			if (missing < 0) {
				try (PreparedStatement trim = Ledger.prepare(c, "update employee set deleted = true where id in "
						+ "(select id from employee where not deleted order by id desc limit ?)")) {
					trim.setInt(1, -missing);
					trim.executeUpdate();
				}
				return;
			}
			if (missing == 0) {
				return;
			}
			try (PreparedStatement insert = Ledger.prepare(c, """
					insert into employee (name, gender, age, department, position, hire_date, salary)
					select '员工' || n, case when n % 2 = 0 then '男' else '女' end, 20 + n % 40,
					       '部门' || (n % 12), '职位' || (n % 30), date '2015-01-01' + (n % 3000), 8000 + n % 20000
					  from generate_series(1, ?) n
					""")) {
				insert.setInt(1, missing);
				insert.executeUpdate();
			}
		}
	}

	/**
	 * Waits until the exports' notification jobs exist and are terminal, and until every call outside the
	 * crash window has its operation-log entry (or the timeout passes: then the count says what is
	 * missing); then counts.
	 */
	static Counts count(List<Call> calls, List<UUID> exports, Duration timeout) throws Exception {
		AtomicReference<Map<String, Integer>> lastEntries = new AtomicReference<>(Map.of());
		AtomicReference<List<Notice>> lastNotices = new AtomicReference<>(List.of());
		try {
			await("the side effects settled").atMost(timeout)
				.pollInterval(Duration.ofMillis(250))
				.ignoreExceptionsInstanceOf(SQLException.class) // the database is coming back
				.until(() -> {
					Map<String, Integer> seen = entriesByCorrelation(calls);
					lastEntries.set(seen);
					lastNotices.set(notices(exports));
					boolean logComplete = calls.stream()
						.allMatch(call -> seen.containsKey(call.correlationId()) || inCrashWindow(call));
					return logComplete && noticesSettled(exports, lastNotices.get());
				});
		}
		catch (ConditionTimeoutException ex) {
			// not settled in time: the counts below say what is missing
		}
		Map<String, Integer> entries = lastEntries.get();
		List<Notice> notices = lastNotices.get();

		int logMissing = 0;
		int logMissingInWindow = 0;
		int logDoubled = 0;
		for (Call call : calls) {
			int n = entries.getOrDefault(call.correlationId(), 0);
			if (n == 0 && inCrashWindow(call)) {
				logMissingInWindow++;
			}
			else if (n == 0) {
				logMissing++;
			}
			else if (n > 1) {
				logDoubled++;
			}
		}

		Map<UUID, String> exportStatus = statuses(exports);
		int succeeded = (int) exportStatus.values().stream().filter("SUCCEEDED"::equals).count();
		int failed = (int) exportStatus.values().stream().filter("FAILED"::equals).count();

		int files = 0;
		int filesWrong = 0;
		for (UUID export : exports) {
			boolean file = Files.isRegularFile(RESULTS.resolve(export + ".result"));
			boolean shouldHave = "SUCCEEDED".equals(exportStatus.get(export));
			if (file) {
				files++;
			}
			if (file != shouldHave) {
				filesWrong++;
			}
		}
		int partials = partials(exports);

		Map<UUID, Integer> inAppPerExport = new HashMap<>();
		for (Notice notice : notices) {
			if ("IN_APP".equals(notice.channel())) {
				inAppPerExport.merge(notice.exportId(), notice.inApp(), Integer::sum);
			}
		}
		int inApp = inAppPerExport.values().stream().mapToInt(Integer::intValue).sum();
		int inAppWrong = 0;
		for (UUID export : exports) {
			String status = exportStatus.get(export);
			boolean ended = "SUCCEEDED".equals(status) || "FAILED".equals(status);
			if (inAppPerExport.getOrDefault(export, 0) != (ended ? 1 : 0)) {
				inAppWrong++;
			}
		}

		Map<UUID, Integer> mails = mailsByNotificationJob();
		Set<UUID> warned = uncertainSendWarnings();
		int emailJobs = 0;
		int emails = 0;
		int emailsMissing = 0;
		int emailsUncertain = 0;
		int doubledWarned = 0;
		int doubledSilently = 0;
		int notificationsFailed = 0;
		for (Notice notice : notices) {
			if ("FAILED".equals(notice.status())) {
				notificationsFailed++;
			}
			if (!"EMAIL".equals(notice.channel())) {
				continue;
			}
			emailJobs++;
			int received = mails.getOrDefault(notice.jobId(), 0);
			emails += received;
			boolean uncertain = "UNCERTAIN".equals(notice.outcome());
			if (uncertain) {
				emailsUncertain++;
			}
			if (received == 0 && "SUCCEEDED".equals(notice.status()) && !uncertain) {
				emailsMissing++;
			}
			if (received > 1) {
				if (warned.contains(notice.jobId())) {
					doubledWarned += received - 1;
				}
				else {
					doubledSilently += received - 1;
				}
			}
		}
		return new Counts(calls.size(), logMissing, logMissingInWindow, logDoubled, exports.size(), succeeded, failed,
				files, filesWrong, partials, inApp, inAppWrong, emailJobs, emails, emailsMissing, emailsUncertain,
				doubledWarned,
				doubledSilently, notificationsFailed);
	}

	/** A notification job caused by an export's end, and the in-app rows it added. */
	private record Notice(UUID jobId, UUID exportId, String channel, String status, String outcome, int inApp) {
	}

	private static boolean noticesSettled(List<UUID> exports, List<Notice> notices) throws SQLException {
		Map<UUID, String> statuses = statuses(exports);
		if (statuses.values().stream().anyMatch(status -> !terminal(status))) {
			return false;
		}
		// An ended export notifies in-app and by email: both jobs exist from the commit of its end.
		long ended = statuses.values().stream().filter(s -> "SUCCEEDED".equals(s) || "FAILED".equals(s)).count();
		long inApp = notices.stream().filter(n -> "IN_APP".equals(n.channel())).count();
		return inApp >= ended && notices.stream().allMatch(n -> terminal(n.status()));
	}

	private static boolean terminal(String status) {
		return "SUCCEEDED".equals(status) || "FAILED".equals(status) || "CANCELLED".equals(status);
	}

	private static Map<UUID, String> statuses(Collection<UUID> ids) throws SQLException {
		Map<UUID, String> statuses = new HashMap<>();
		try (Connection c = Ledger.connect();
				PreparedStatement s = Ledger.prepare(c, "select id, status from {jobs}.job where id = any(?)")) {
			s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
			try (ResultSet rs = s.executeQuery()) {
				while (rs.next()) {
					statuses.put(rs.getObject(1, UUID.class), rs.getString(2));
				}
			}
		}
		return statuses;
	}

	private static List<Notice> notices(List<UUID> exports) throws SQLException {
		List<Notice> notices = new ArrayList<>();
		try (Connection c = Ledger.connect(); PreparedStatement s = Ledger.prepare(c, """
				select j.id, j.payload -> 'params' ->> 'jobId', j.payload ->> 'channel', j.status,
				       j.result ->> 'outcome', (select count(*) from {jobs}.notification n where n.job_id = j.id)
				  from {jobs}.job j
				 where j.type = 'NOTIFICATION' and j.payload -> 'params' ->> 'jobId' = any(?)
				""")) {
			s.setArray(1, c.createArrayOf("text", exports.stream().map(UUID::toString).toArray()));
			try (ResultSet rs = s.executeQuery()) {
				while (rs.next()) {
					notices.add(new Notice(rs.getObject(1, UUID.class), UUID.fromString(rs.getString(2)), rs.getString(3),
							rs.getString(4), rs.getString(5), rs.getInt(6)));
				}
			}
		}
		return notices;
	}

	private static Map<String, Integer> entriesByCorrelation(List<Call> calls) throws SQLException {
		Map<String, Integer> entries = new HashMap<>();
		if (calls.isEmpty()) {
			return entries;
		}
		try (Connection c = Ledger.connect(); PreparedStatement s = Ledger.prepare(c,
				"select correlation_id, count(*) from {jobs}.operation_log where correlation_id = any(?) group by 1")) {
			s.setArray(1, c.createArrayOf("text", calls.stream().map(Call::correlationId).toArray()));
			try (ResultSet rs = s.executeQuery()) {
				while (rs.next()) {
					entries.put(rs.getString(1), rs.getInt(2));
				}
			}
		}
		return entries;
	}

	/** Unfinished result files of these exports ({@code <job id>.<random>.part}). */
	private static int partials(List<UUID> exports) throws IOException {
		if (!Files.isDirectory(RESULTS)) {
			return 0;
		}
		Set<String> ids = new HashSet<>();
		exports.forEach(id -> ids.add(id.toString()));
		int partials = 0;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(RESULTS, "*.part")) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				if (ids.contains(name.substring(0, Math.min(36, name.length())))) {
					partials++;
				}
			}
		}
		return partials;
	}

	/** Mails received, by the notification job named in their Message-ID ({@code <job id>.notification@…}). */
	private static Map<UUID, Integer> mailsByNotificationJob() throws MessagingException {
		Map<UUID, Integer> mails = new HashMap<>();
		for (MimeMessage mail : TestMailServer.get().getReceivedMessages()) {
			String messageId = mail.getMessageID();
			Matcher id = UUID_TEXT.matcher((messageId != null) ? messageId : "");
			if (id.find()) {
				mails.merge(UUID.fromString(id.group()), 1, Integer::sum);
			}
		}
		return mails;
	}

	/**
	 * Notification jobs that warned they send again after an earlier attempt's uncertain send (the only
	 * documented cause of a second copy), from the instances' logs.
	 */
	private static Set<UUID> uncertainSendWarnings() throws IOException {
		Set<UUID> warned = new HashSet<>();
		try (Stream<Path> logs = Files.list(Path.of("target"))) {
			for (Path log : logs.filter(p -> p.getFileName().toString().matches("chaos-.*\\.log")).toList()) {
				try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
					lines.filter(line -> line.contains("WARN") && (line.contains("claimed the mail")
							|| line.contains("UNCERTAIN") || line.contains("deliver it twice"))).forEach(line -> {
						Matcher id = UUID_TEXT.matcher(line);
						while (id.find()) {
							warned.add(UUID.fromString(id.group()));
						}
					});
				}
				catch (java.io.UncheckedIOException ex) {
					// a line that is not UTF-8 (a torn write of a killed process): skip the rest of that log
				}
			}
		}
		return warned;
	}

	private SideEffects() {
	}

}
