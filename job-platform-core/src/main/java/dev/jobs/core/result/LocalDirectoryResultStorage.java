package dev.jobs.core.result;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * Result files in one local directory: {@code <jobId>.result} when committed,
 * {@code <jobId>.<random>.part} while being written. The rename from the one to the other is
 * atomic (same directory), which is what keeps partial files from ever being served.
 *
 * <p>Every instance that runs exports or serves downloads must see the same directory; with
 * several hosts that means a shared volume.
 */
public class LocalDirectoryResultStorage implements ResultStorage {

	private static final Logger log = LoggerFactory.getLogger(LocalDirectoryResultStorage.class);

	static final String COMMITTED = ".result";

	static final String PARTIAL = ".part";

	private final Path directory;

	public LocalDirectoryResultStorage(Path directory) {
		this.directory = directory.toAbsolutePath().normalize();
	}

	public Path directory() {
		return directory;
	}

	@Override
	public ResultWriter create(UUID jobId) throws IOException {
		Files.createDirectories(directory);
		Path partial = Files.createTempFile(directory, jobId + ".", PARTIAL);
		try {
			return new LocalWriter(partial, committedPath(jobId), jobId);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(partial);
			throw ex;
		}
	}

	@Override
	public Optional<Resource> open(UUID jobId) {
		Path file = committedPath(jobId);
		return Files.isRegularFile(file) ? Optional.of(new FileSystemResource(file)) : Optional.empty();
	}

	@Override
	public boolean delete(UUID jobId) throws IOException {
		return Files.deleteIfExists(committedPath(jobId));
	}

	@Override
	public int deleteAbandoned(Instant cutoff) throws IOException {
		if (!Files.isDirectory(directory)) {
			return 0;
		}
		int deleted = 0;
		try (DirectoryStream<Path> partials = Files.newDirectoryStream(directory, "*" + PARTIAL)) {
			for (Path partial : partials) {
				try {
					if (Files.getLastModifiedTime(partial).toInstant().isBefore(cutoff) && Files.deleteIfExists(partial)) {
						deleted++;
					}
				}
				catch (NoSuchFileException ex) {
					// Committed or discarded meanwhile by its writer.
				}
			}
		}
		return deleted;
	}

	/** The committed file's path; a UUID's text form cannot step out of the directory. */
	Path committedPath(UUID jobId) {
		return directory.resolve(jobId + COMMITTED);
	}

	@Override
	public String toString() {
		return "LocalDirectoryResultStorage[" + directory + "]";
	}

	private static final class LocalWriter implements ResultWriter {

		private final Path partial;

		private final Path target;

		private final UUID jobId;

		private final OutputStream stream;

		private boolean committed;

		private boolean closed;

		LocalWriter(Path partial, Path target, UUID jobId) throws IOException {
			this.partial = partial;
			this.target = target;
			this.jobId = jobId;
			this.stream = new BufferedOutputStream(Files.newOutputStream(partial), 64 * 1024);
		}

		@Override
		public OutputStream stream() {
			return stream;
		}

		@Override
		public long commit() throws IOException {
			if (closed) {
				throw new IllegalStateException("The result file " + target.getFileName() + " was already closed");
			}
			stream.close();
			closed = true;
			long size = Files.size(partial);
			Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			committed = true;
			deleteEarlierAttemptsPartials();
			return size;
		}

		/**
		 * An earlier attempt of the same job whose worker was killed mid-file left its partial file:
		 * now that this attempt's file is committed, nothing can ever commit that one (a zombie
		 * attempt's outcome is refused anyway), so it goes now rather than at the retention sweep.
		 */
		private void deleteEarlierAttemptsPartials() {
			try (DirectoryStream<Path> others = Files.newDirectoryStream(target.getParent(), jobId + ".*" + PARTIAL)) {
				for (Path other : others) {
					Files.deleteIfExists(other);
				}
			}
			catch (IOException ex) {
				log.warn("Could not delete an earlier attempt's unfinished result file of job {}: {}; the retention "
						+ "cleanup removes it later", jobId, ex.getMessage());
			}
		}

		@Override
		public void close() {
			if (committed) {
				return;
			}
			try {
				if (!closed) {
					closed = true;
					stream.close();
				}
			}
			catch (IOException ex) {
				// The file is discarded anyway.
			}
			try {
				Files.deleteIfExists(partial);
			}
			catch (IOException ex) {
				log.warn("Could not delete the unfinished result file {}: {}; the retention cleanup removes it later",
						partial, ex.getMessage());
			}
		}

	}

}
