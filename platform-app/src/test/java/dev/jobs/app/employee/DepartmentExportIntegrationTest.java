package dev.jobs.app.employee;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import dev.jobs.app.Fixtures;
import dev.jobs.app.IntegrationTest;
import dev.jobs.app.Spreadsheets;
import dev.jobs.app.Spreadsheets.Sheet;
import dev.jobs.app.TestMailServer;
import dev.jobs.app.security.Role;
import dev.jobs.core.BatchStatus;
import dev.jobs.core.Batches;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.delivery.Workers;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Export every department" end to end: one request, one batch of EMPLOYEE_EXPORT jobs (one per department), one
 * EMPLOYEE_EXPORT_PACK callback whose zip holds each department's file, and one notice to the owner.
 */
class DepartmentExportIntegrationTest extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	/** The live departments once 人力资源部 is emptied: three, as many as the app's export limit (3) allows at once. */
	private static final Map<String, List<String>> STAFF = Map.of("研发部", List.of("张伟", "王芳", "刘洋"), "财务部",
			List.of("李娜"), "销售部", List.of("周杰"));

	@Autowired
	Workers workers;

	@Autowired
	Batches batches;

	private final Instant started = Instant.now();

	@BeforeEach
	void employees() {
		Fixtures.employees(jdbc);
		jdbc.sql("update employee set deleted = true where department = '人力资源部'").update();
	}

	@Test
	void oneRequestGivesOneZipWithEveryDepartmentsFileAndTheOwnerHearsOnceInAppAndByMail() throws Exception {
		Owner owner = owner("dept-all");

		HttpResponse<byte[]> response = postAs(owner, "/api/employ/export/by-department");

		assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(202);
		JsonNode started = body(response);
		UUID pack = UUID.fromString(started.get("packJobId").asString());
		UUID batch = UUID.fromString(started.get("batchId").asString());
		assertThat(started.get("departments").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder("研发部",
				"财务部", "销售部");
		assertThat(started.get("jobUrl").asString()).isEqualTo("/api/jobs/" + pack);
		assertThat(started.get("batchUrl").asString()).isEqualTo("/api/batches/" + batch);
		assertThat(response.headers().firstValue("Location")).hasValue("/api/jobs/" + pack);

		JobView packed = awaitStatus(pack, Set.of(JobStatus.SUCCEEDED), WAIT);
		assertThat(batches.find(batch).orElseThrow().status()).isEqualTo(BatchStatus.SUCCEEDED);
		HttpResponse<byte[]> download = getAs(owner, "/api/jobs/" + pack + "/result");
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");

		Map<String, byte[]> entries = unzip(download.body());

		assertThat(entries.keySet()).containsExactlyInAnyOrder("employees-研发部.xlsx", "employees-财务部.xlsx",
				"employees-销售部.xlsx");
		STAFF.forEach((department, names) -> assertThat(Spreadsheets.readXlsx(entries.get("employees-" + department
				+ ".xlsx"))).as(department).singleElement().satisfies(sheet -> {
					assertThat(sheet.column(1)).containsExactlyElementsOf(names);
					assertThat(sheet.column(4)).containsOnly(department);
				}));
		assertThat(utf8NamesFlagged(download.body())).as("entry names are flagged UTF-8 for unzip tools").isTrue();
		assertThat(packed.result().get("file").get("name").asString()).matches("employees-by-department_\\d{8}_\\d{6}\\.zip");
		assertThat(packed.result().get("rows").asLong()).isEqualTo(5);
		assertThat(packed.result().get("missing").isEmpty()).isTrue();

		// One notice per channel, from the pack; the three department exports tell nothing of their own.
		await().atMost(WAIT).until(() -> noticesTo(owner.name()), n -> n.size() == 2
				&& n.stream().allMatch(id -> jobs.find(id).orElseThrow().status() == JobStatus.SUCCEEDED));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> noticesTo(owner.name()).size() == 2);
		assertThat(noticeTemplates(pack)).containsExactly("EXPORT_READY", "EXPORT_READY");
		List<JsonNode> inbox = body(getAs(owner, "/api/notifications")).get("items").valueStream().toList();
		assertThat(inbox).singleElement()
			.satisfies(n -> assertThat(n.get("body").asString()).contains("/api/jobs/" + pack + "/result"));
		assertThat(mailsTo(owner.email())).singleElement()
			.satisfies(mail -> assertThat(mail.getSubject()).contains("employees-by-department_"));
		assertThat(operationLog(owner.name())).containsExactly("EMPLOYEE_EXPORT_BY_DEPARTMENT " + batch + " SUCCESS");
	}

	@Test
	void aDepartmentWhoseExportFailsIsLeftOutOfTheZipAndNamedInTheOneNotice() throws Exception {
		Owner owner = owner("dept-fail");
		UUID pack;
		UUID failing;
		workers.stopConsuming("EMPLOYEE_EXPORT");
		try {
			JsonNode started = body(postAs(owner, "/api/employ/export/by-department"));
			pack = UUID.fromString(started.get("packJobId").asString());
			UUID batch = UUID.fromString(started.get("batchId").asString());
			failing = batches.members(batch, null, 0, 10).items().stream()
				.filter(m -> "财务部".equals(m.payload().get("department").asString()))
				.findFirst()
				.orElseThrow()
				.id();
			// Its worker died on its last attempt: the lease reaper fails it for good.
			jdbc.sql("""
					update {jobs}.job set status = 'RUNNING', attempt = max_attempts, worker_id = 'dead-worker',
					       lease_until = now() - interval '1 minute', started_at = now() - interval '1 minute'
					 where id = :id
					""").param("id", failing).update();
			awaitStatus(failing, Set.of(JobStatus.FAILED), WAIT);
		}
		finally {
			workers.startConsuming("EMPLOYEE_EXPORT");
		}

		JobView packed = awaitStatus(pack, Set.of(JobStatus.SUCCEEDED), WAIT);

		assertThat(unzip(getAs(owner, "/api/jobs/" + pack + "/result").body()).keySet())
			.containsExactlyInAnyOrder("employees-研发部.xlsx", "employees-销售部.xlsx");
		assertThat(packed.result().get("missing")).singleElement().satisfies(missing -> {
			assertThat(missing.get("name").asString()).isEqualTo("财务部");
			assertThat(missing.get("jobId").asString()).isEqualTo(failing.toString());
			assertThat(missing.get("status").asString()).isEqualTo("FAILED");
		});
		await().atMost(WAIT).until(() -> noticesTo(owner.name()), n -> n.size() == 2
				&& n.stream().allMatch(id -> jobs.find(id).orElseThrow().status() == JobStatus.SUCCEEDED));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> noticesTo(owner.name()).size() == 2);
		assertThat(noticeTemplates(pack)).containsExactly("EXPORT_PARTLY_READY", "EXPORT_PARTLY_READY");
		assertThat(noticeTemplates(failing)).as("the failed department is told in the pack's notice only").isEmpty();
		assertThat(body(getAs(owner, "/api/notifications")).get("items").valueStream().toList()).singleElement()
			.satisfies(n -> assertThat(n.get("body").asString()).contains("财务部").contains("/api/jobs/" + pack + "/result"));
	}

	@Test
	void whenNoDepartmentProducedAFileThePackFailsAndTheOwnerHearsWhyOnce() {
		Owner owner = owner("dept-none");
		UUID pack;
		workers.stopConsuming("EMPLOYEE_EXPORT");
		try {
			JsonNode started = body(postAs(owner, "/api/employ/export/by-department"));
			pack = UUID.fromString(started.get("packJobId").asString());
			List<UUID> members = batches.members(UUID.fromString(started.get("batchId").asString()), null, 0, 10)
				.items().stream().map(JobView::id).toList();
			// Every department's worker died on its last attempt.
			jdbc.sql("""
					update {jobs}.job set status = 'RUNNING', attempt = max_attempts, worker_id = 'dead-worker',
					       lease_until = now() - interval '1 minute', started_at = now() - interval '1 minute'
					 where id in (:ids)
					""").param("ids", members).update();
			members.forEach(member -> awaitStatus(member, Set.of(JobStatus.FAILED), WAIT));
		}
		finally {
			workers.startConsuming("EMPLOYEE_EXPORT");
		}

		JobView failed = awaitStatus(pack, Set.of(JobStatus.FAILED), WAIT);

		assertThat(failed.lastError()).contains("Nothing to pack").contains("研发部", "财务部", "销售部");
		await().atMost(WAIT).until(() -> noticesTo(owner.name()), n -> n.size() == 2
				&& n.stream().allMatch(id -> jobs.find(id).orElseThrow().status() == JobStatus.SUCCEEDED));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> noticesTo(owner.name()).size() == 2);
		assertThat(noticeTemplates(pack)).containsExactly("EXPORT_FAILED", "EXPORT_FAILED");
		assertProblem(getAs(owner, "/api/jobs/" + pack + "/result"), 409, "result-not-ready");
	}

	@Test
	void moreDepartmentsThanTheExportLimitAreRefusedAsAConflictAndNothingIsStarted() {
		jdbc.sql("update employee set deleted = false where department = '人力资源部' and name = '陈静'").update();
		Owner owner = owner("dept-limit");

		HttpResponse<byte[]> response = postAs(owner, "/api/employ/export/by-department");

		JsonNode problem = assertProblem(response, 409, "departments-over-limit");
		assertThat(problem.get("departments").asInt()).isEqualTo(4);
		assertThat(problem.get("limit").asInt()).isEqualTo(3);
		assertThat(problem.get("detail").asString()).contains("max-active-per-user");
		assertThat(jdbc.sql("select count(*) from {jobs}.job where created_by = ?").params(owner.name()).query(Integer.class)
			.single()).isZero();
	}

	@Test
	void onlyThoseWhoMayExportMayExportEveryDepartment() {
		assertProblem(post("/api/employ/export/by-department", null, Account.USER), 403, "forbidden");
		assertProblem(post("/api/employ/export/by-department", null, Account.AUDITOR), 403, "read-only-role");
		assertProblem(post("/api/employ/export/by-department?format=PDF", null, Account.MANAGER), 400,
				"invalid-request");
	}

	@Test
	void withoutAnyDepartmentThereIsNothingToStart() {
		jdbc.sql("update employee set deleted = true").update();

		assertProblem(post("/api/employ/export/by-department", null, Account.MANAGER), 409, "no-departments");
	}

	private record Owner(String name, String password, String email) {

		String basic() {
			return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
		}

	}

	/** A manager of its own, with a mail address: what it is told is all about this test. */
	private Owner owner(String prefix) {
		String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		Owner owner = new Owner(name, "password-of-" + name, name + "@example.com");
		users.create(owner.name(), "部门导出", owner.email(), Role.MANAGER, owner.password());
		return owner;
	}

	private HttpResponse<byte[]> postAs(Owner owner, String path) {
		return send(HttpRequest.newBuilder(url(path)).header("Authorization", owner.basic())
			.POST(HttpRequest.BodyPublishers.noBody()));
	}

	private HttpResponse<byte[]> getAs(Owner owner, String path) {
		return send(HttpRequest.newBuilder(url(path)).header("Authorization", owner.basic()).GET());
	}

	/** The entries of a zip, read back with UTF-8 names. */
	private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				entries.put(entry.getName(), in.readAllBytes());
			}
		}
		return entries;
	}

	/** Bit 11 of the first local header's flags: the name is UTF-8, whatever the unzip tool's default code page. */
	private static boolean utf8NamesFlagged(byte[] zip) {
		int flags = (zip[6] & 0xff) | ((zip[7] & 0xff) << 8);
		return (flags & 0x800) != 0;
	}

	private List<UUID> noticesTo(String username) {
		return jdbc.sql("select id from {jobs}.job where type = 'NOTIFICATION' and payload ->> 'recipient' = :username")
			.param("username", username)
			.query(UUID.class)
			.list();
	}

	private List<String> noticeTemplates(UUID export) {
		return jdbc.sql("""
				select payload ->> 'template' from {jobs}.job
				 where type = 'NOTIFICATION' and idempotency_key like :key order by idempotency_key
				""").param("key", "export-end:" + export + ":%").query(String.class).list();
	}

	private static List<MimeMessage> mailsTo(String address) {
		return Arrays.stream(TestMailServer.get().getReceivedMessages()).filter(mail -> {
			try {
				Address[] to = mail.getRecipients(MimeMessage.RecipientType.TO);
				return to != null && Arrays.stream(to).anyMatch(a -> address.equals(((InternetAddress) a).getAddress()));
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	private List<String> operationLog(String username) {
		return await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
				select action || ' ' || target || ' ' || outcome from {jobs}.operation_log
				 where username = :username and occurred_at >= :started
				""").param("username", username).param("started", java.sql.Timestamp.from(started)).query(String.class)
			.list(), entries -> !entries.isEmpty());
	}

}
