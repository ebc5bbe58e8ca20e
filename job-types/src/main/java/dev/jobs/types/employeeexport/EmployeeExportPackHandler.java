package dev.jobs.types.employeeexport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.jobs.core.BatchView;
import dev.jobs.core.Batches;
import dev.jobs.core.JobContext;
import dev.jobs.core.JobHandler;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.NonRetryableJobException;
import dev.jobs.core.result.ResultFile;
import dev.jobs.core.result.ResultStorage;
import dev.jobs.core.result.ResultWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.Resource;

/**
 * {@code EMPLOYEE_EXPORT_PACK}: packs the files of its batch's succeeded {@code EMPLOYEE_EXPORT} members into one
 * zip, its own result, one entry per department ({@code employees-研发部.xlsx}). Each file is streamed from the
 * {@link ResultStorage} into the zip a buffer at a time: neither a file nor the zip is ever held in memory.
 *
 * <p>Members that did not succeed (the pack runs as the batch's {@code onComplete}, so some may have failed or been
 * cancelled), and succeeded ones whose file is gone, are left out and listed in the result's {@code missing}; the
 * export notifications name them to the owner. With no file at all there is nothing to pack: the job fails for good
 * and its owner hears why. The owner is told by {@code ExportNotifications} in the transaction that records this
 * job's end, so a retried attempt never tells twice.
 *
 * <p>Zip entry names are UTF-8 (the zip's language-encoding flag is set), so Chinese department names survive.
 */
class EmployeeExportPackHandler implements JobHandler<EmployeeExportPackPayload> {

	private static final Logger log = LoggerFactory.getLogger(EmployeeExportPackHandler.class);

	static final String CONTENT_TYPE = "application/zip";

	static final String ENTRY_PREFIX = "employees-";

	private static final int PAGE_SIZE = 100;

	private static final int BUFFER = 64 * 1024;

	/** Cancellation is checked between files and every this many bytes within one. */
	private static final long CHECK_EVERY = 8L * 1024 * 1024;

	private static final int MAX_REASON = 200;

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

	private final ResultStorage storage;

	private final Clock clock;

	/** @param clock in the zone of the zip's name ({@code jobs.exports.zone}) */
	EmployeeExportPackHandler(ResultStorage storage, Clock clock) {
		this.storage = storage;
		this.clock = clock;
	}

	@Override
	public String type() {
		return EmployeeExportPack.TYPE.name();
	}

	@Override
	public Class<EmployeeExportPackPayload> payloadType() {
		return EmployeeExportPack.TYPE.payloadType();
	}

	@Override
	public void handle(EmployeeExportPackPayload payload, JobContext context) {
		BatchView batch = context.batch()
			.orElseThrow(() -> new NonRetryableJobException(type() + " packs the files of the batch it is a callback of; "
					+ "job " + context.jobId() + " belongs to no batch. Use POST /api/employ/export/by-department"));
		String fileName = "employees-by-department_" + LocalDateTime.now(clock).format(FILE_TIME) + ".zip";
		long started = System.nanoTime();
		Packed packed;
		long size;
		try (ResultWriter file = storage.create(context.jobId());
				ZipOutputStream zip = new ZipOutputStream(new KeptOpen(file.stream()), StandardCharsets.UTF_8)) {
			packed = pack(context, batch, zip);
			if (packed.entries().isEmpty()) {
				throw new NonRetryableJobException("Nothing to pack: none of the " + packed.missing().size()
						+ " department exports of batch " + batch.id() + " produced a file: " + packed.missingText());
			}
			zip.finish();
			size = file.commit();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not pack the department files of batch " + batch.id() + " into the "
					+ "result of job " + context.jobId() + ": " + ex.getMessage(), ex);
		}
		context.setResult(packed.asJobResult(new ResultFile(fileName, CONTENT_TYPE, size, null), batch.id()));
		log.info("Job {} ({}) packed {} department file(s) of batch {} into {} ({} bytes, {} missing) in {} ms",
				context.jobId(), type(), packed.entries().size(), batch.id(), fileName, size, packed.missing().size(),
				(System.nanoTime() - started) / 1_000_000);
	}

	private Packed pack(JobContext context, BatchView batch, ZipOutputStream zip) throws IOException {
		Packed packed = new Packed(new ArrayList<>(), new ArrayList<>(), new HashSet<>());
		long seen = 0;
		for (int page = 0;; page++) {
			Batches.Page<JobView> members = context.batchMembers(null, page, PAGE_SIZE);
			for (JobView member : members.items()) {
				if (EmployeeExport.TYPE.name().equals(member.type())) {
					packOne(context, member, zip, packed);
				}
				seen++;
				context.reportProgress(seen, members.total(),
						packed.entries().size() + " of " + members.total() + " department files packed");
				context.throwIfCancellationRequested();
			}
			if (members.items().isEmpty() || (long) (page + 1) * PAGE_SIZE >= members.total()) {
				return packed;
			}
		}
	}

	private void packOne(JobContext context, JobView member, ZipOutputStream zip, Packed packed) throws IOException {
		String department = department(member);
		if (member.status() != JobStatus.SUCCEEDED) {
			packed.missing().add(missing(department, member, member.status().name(), member.lastError()));
			return;
		}
		Optional<Resource> file = storage.open(member.id());
		if (file.isEmpty()) {
			packed.missing().add(missing(department, member, "FILE_GONE",
					"its file is no longer stored (jobs.results.retention)"));
			return;
		}
		String extension = extension(member);
		String name = packed.uniqueName(ENTRY_PREFIX + safe(department) + "." + extension);
		ZipEntry entry = new ZipEntry(name);
		if (member.finishedAt() != null) {
			entry.setLastModifiedTime(FileTime.from(member.finishedAt()));
		}
		// An xlsx is a zip already: deflating it again gains little, so only quickly; a csv shrinks a lot.
		zip.setLevel("xlsx".equals(extension) ? Deflater.BEST_SPEED : Deflater.DEFAULT_COMPRESSION);
		zip.putNextEntry(entry);
		try (InputStream in = file.get().getInputStream()) {
			copy(context, in, zip);
		}
		zip.closeEntry();
		long rows = (member.result() != null) ? member.result().path("rows").asLong(0L) : 0L;
		Map<String, Object> packedEntry = new LinkedHashMap<>();
		packedEntry.put("name", name);
		packedEntry.put("department", department);
		packedEntry.put("jobId", member.id());
		packedEntry.put("rows", rows);
		packed.entries().add(packedEntry);
	}

	private static void copy(JobContext context, InputStream in, OutputStream out) throws IOException {
		byte[] buffer = new byte[BUFFER];
		long sinceCheck = 0;
		for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
			out.write(buffer, 0, n);
			sinceCheck += n;
			if (sinceCheck >= CHECK_EVERY) {
				context.throwIfCancellationRequested();
				sinceCheck = 0;
			}
		}
	}

	/** The member's department filter; a member without one exported every department. */
	static String department(JobView member) {
		JsonNode department = (member.payload() != null) ? member.payload().path("department") : null;
		return (department != null && department.isString() && !department.asString().isBlank())
				? department.asString() : "all";
	}

	private static String extension(JobView member) {
		JsonNode name = (member.result() != null) ? member.result().path("file").path("name") : null;
		String text = (name != null && name.isString()) ? name.asString() : "";
		int dot = text.lastIndexOf('.');
		String extension = (dot >= 0) ? text.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
		return extension.matches("[a-z0-9]{1,8}") ? extension : "xlsx";
	}

	/**
	 * A department as part of an entry name: no path separators or characters Windows refuses, no control characters,
	 * no leading dots; everything else (Chinese included) as it is.
	 */
	static String safe(String department) {
		StringBuilder out = new StringBuilder(department.length());
		department.strip().codePoints().forEach(c -> {
			boolean refused = c < 0x20 || c == 0x7f || "/\\:*?\"<>|".indexOf(c) >= 0;
			out.appendCodePoint(refused ? '_' : c);
		});
		String name = out.toString().replaceFirst("^\\.+", "_");
		return name.isEmpty() ? "_" : name;
	}

	private static Map<String, Object> missing(String department, JobView member, String status, String reason) {
		Map<String, Object> missing = new LinkedHashMap<>();
		missing.put("name", department);
		missing.put("jobId", member.id());
		missing.put("status", status);
		String text = (reason != null && !reason.isBlank()) ? reason.strip() : status;
		missing.put("reason", (text.length() > MAX_REASON) ? text.substring(0, MAX_REASON) + "…" : text);
		return missing;
	}

	/** What was packed and what was left out, in the members' order. */
	private record Packed(List<Map<String, Object>> entries, List<Map<String, Object>> missing, Set<String> names) {

		String uniqueName(String name) {
			String unique = name;
			int dot = name.lastIndexOf('.');
			for (int n = 2; !names.add(unique.toLowerCase(Locale.ROOT)); n++) {
				unique = name.substring(0, dot) + "-" + n + name.substring(dot);
			}
			return unique;
		}

		String missingText() {
			return String.join("; ", missing.stream().map(m -> m.get("name") + " (" + m.get("reason") + ")").toList());
		}

		Map<String, Object> asJobResult(ResultFile file, UUID batchId) {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("file", file);
			result.put("batchId", batchId);
			result.put("rows", entries.stream().mapToLong(e -> (Long) e.get("rows")).sum());
			result.put("entries", entries);
			result.put("missing", missing);
			return result;
		}

	}

	/**
	 * The result writer's stream, which its writer closes when it commits: the zip finishes into it but must not
	 * close it (closing the zip only releases its deflater).
	 */
	private static final class KeptOpen extends OutputStream {

		private final OutputStream out;

		KeptOpen(OutputStream out) {
			this.out = out;
		}

		@Override
		public void write(int b) throws IOException {
			out.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			out.write(b, off, len);
		}

		@Override
		public void flush() throws IOException {
			out.flush();
		}

		@Override
		public void close() {
			// The writer's commit closes it.
		}

	}

}
