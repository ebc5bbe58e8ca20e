package dev.jobs.core.result;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LocalDirectoryResultStorageTest {

	@TempDir
	Path directory;

	@Test
	void committedFileIsServedUnderTheJobIdOnly() throws IOException {
		LocalDirectoryResultStorage storage = new LocalDirectoryResultStorage(directory.resolve("results"));
		UUID id = UUID.randomUUID();

		long size;
		try (ResultWriter writer = storage.create(id)) {
			writer.stream().write("员工".getBytes(StandardCharsets.UTF_8));
			assertThat(storage.open(id)).as("not visible before commit").isEmpty();
			size = writer.commit();
		}

		assertThat(size).isEqualTo(6);
		assertThat(storage.open(id)).hasValueSatisfying(r -> assertThat(r.getFilename()).isEqualTo(id + ".result"));
		assertThat(files(storage.directory())).containsExactly(id + ".result");
	}

	@Test
	void writerClosedWithoutCommitLeavesNothing() throws IOException {
		LocalDirectoryResultStorage storage = new LocalDirectoryResultStorage(directory);
		UUID id = UUID.randomUUID();

		try (ResultWriter writer = storage.create(id)) {
			writer.stream().write(new byte[100_000]);
			assertThat(files()).singleElement().asString().endsWith(".part");
		}

		assertThat(storage.open(id)).isEmpty();
		assertThat(files()).isEmpty();
	}

	@Test
	void aSecondCommitReplacesTheFirstAndDeleteRemovesIt() throws IOException {
		LocalDirectoryResultStorage storage = new LocalDirectoryResultStorage(directory);
		UUID id = UUID.randomUUID();
		write(storage, id, "first attempt");

		write(storage, id, "second");

		assertThat(storage.open(id).orElseThrow().getContentAsString(StandardCharsets.UTF_8)).isEqualTo("second");
		assertThat(storage.delete(id)).isTrue();
		assertThat(storage.delete(id)).isFalse();
		assertThat(storage.open(id)).isEmpty();
	}

	@Test
	void partialFileOfAnAttemptKilledMidFileGoesWhenALaterAttemptCommits() throws IOException {
		LocalDirectoryResultStorage storage = new LocalDirectoryResultStorage(directory);
		UUID id = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		// The first attempt's worker was killed while it wrote: its writer is never closed.
		ResultWriter killed = storage.create(id);
		killed.stream().write("half".getBytes(StandardCharsets.UTF_8));
		killed.stream().flush();
		ResultWriter otherJobs = storage.create(other);

		try (ResultWriter retry = storage.create(id)) {
			retry.stream().write("whole".getBytes(StandardCharsets.UTF_8));
			retry.commit();
		}

		assertThat(files(directory)).as("exactly one file for the job, and the other job's unfinished file untouched")
			.containsExactlyInAnyOrder(id + ".result", otherJobsPartialName(other));
		otherJobs.close();
	}

	private String otherJobsPartialName(UUID other) throws IOException {
		try (var stream = Files.list(directory)) {
			return stream.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(other + ".")).findFirst()
				.orElseThrow();
		}
	}

	@Test
	void abandonedUnfinishedFilesAreDeletedOnlyWhenOlderThanTheCutoff() throws IOException {
		LocalDirectoryResultStorage storage = new LocalDirectoryResultStorage(directory);
		Path old = Files.createFile(directory.resolve(UUID.randomUUID() + ".123.part"));
		Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
		Path fresh = Files.createFile(directory.resolve(UUID.randomUUID() + ".456.part"));
		UUID committed = UUID.randomUUID();
		write(storage, committed, "kept");
		Files.setLastModifiedTime(storage.committedPath(committed), FileTime.from(Instant.now().minus(Duration.ofDays(2))));

		int deleted = storage.deleteAbandoned(Instant.now().minus(Duration.ofDays(1)));

		assertThat(deleted).isEqualTo(1);
		assertThat(old).doesNotExist();
		assertThat(fresh).exists();
		assertThat(storage.open(committed)).isPresent();
	}

	private static void write(ResultStorage storage, UUID id, String content) throws IOException {
		try (ResultWriter writer = storage.create(id)) {
			writer.stream().write(content.getBytes(StandardCharsets.UTF_8));
			writer.commit();
		}
	}

	private List<String> files() throws IOException {
		return files(directory);
	}

	private static List<String> files(Path directory) throws IOException {
		try (Stream<Path> paths = Files.list(directory)) {
			return paths.map(p -> p.getFileName().toString()).toList();
		}
	}

}
