package dev.jobs.types.operationlog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's directory of the operation log's journal, a sub-directory of {@code journal-directory} of its
 * own, locked while the instance runs. At start it adopts the sub-directories nobody holds (left by a dead
 * instance): their segments move here and are sent first. Segment files are named in sequence, so their names
 * sort oldest first.
 */
final class JournalDirectory {

	// The shipper's logger: its parts log as one, as they did when they were one class.
	private static final Logger log = LoggerFactory.getLogger(OperationLogShipper.class);

	/** An instance's directory while it is being made and locked; adoption never takes one. */
	static final String STARTING_PREFIX = ".starting-";

	private static final String SEGMENT_PREFIX = "segment-";

	private static final String SEGMENT_SUFFIX = ".jsonl";

	private static final String LOCK_FILE = ".lock";

	/**
	 * A starting directory older than this was left by an instance that died while starting (before
	 * its journal held anything); adoption removes it. Starting takes milliseconds.
	 */
	private static final Duration ABANDONED_START = Duration.ofMinutes(10);

	private final Path directory;

	/** Written by the starting thread, then by the journal writer only (started after). */
	private long sequence;

	private FileChannel lockChannel;

	private FileLock lock;

	/** @param base {@code journal-directory}, shared by every instance */
	JournalDirectory(Path base) {
		this.directory = base.toAbsolutePath().resolve(UUID.randomUUID().toString());
	}

	Path path() {
		return directory;
	}

	/**
	 * Makes and locks this instance's directory, adopts the orphans' segments.
	 * @param afterDirectoryCreated a seam for tests: runs between making the directory and locking it
	 * @return the segments to send first (adopted ones), oldest first
	 */
	List<Path> open(Runnable afterDirectoryCreated) throws IOException {
		// The directory becomes visible under its own name only once it is locked: it is made and locked
		// under a name adoption leaves alone, then renamed atomically. Otherwise another instance's
		// adoption, running between our mkdir and our lock, could lock, empty and delete it under us.
		Path starting = directory.resolveSibling(STARTING_PREFIX + directory.getFileName());
		Files.createDirectories(directory.getParent());
		Files.createDirectory(starting);
		afterDirectoryCreated.run();
		lockChannel = FileChannel.open(starting.resolve(LOCK_FILE), StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE);
		lock = lockChannel.tryLock();
		if (lock == null) {
			throw new IllegalStateException("Could not lock the operation log journal " + starting);
		}
		// The lock belongs to the open file, not to its path: it holds across the rename.
		Files.move(starting, directory, StandardCopyOption.ATOMIC_MOVE);
		adoptOrphans();
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter(JournalDirectory::isSegment).sorted().toList();
		}
	}

	/** The file for the next segment, named after every segment before it. */
	Path nextSegmentFile() {
		return directory.resolve(segmentName(sequence++));
	}

	/**
	 * Releases the lock; an empty journal's directory is removed, one still holding segments is left for the next
	 * instance to adopt.
	 */
	void close(boolean empty) throws IOException {
		lock.release();
		lockChannel.close();
		if (empty) {
			Files.deleteIfExists(directory.resolve(LOCK_FILE));
			try {
				Files.deleteIfExists(directory);
			}
			catch (IOException ex) {
				// not empty: left for the next start
			}
		}
	}

	/** Moves the segments of sub-directories no running instance holds into ours, oldest first. */
	private void adoptOrphans() throws IOException {
		Path base = directory.getParent();
		try (DirectoryStream<Path> others = Files.newDirectoryStream(base, Files::isDirectory)) {
			for (Path other : others) {
				if (other.equals(directory)) {
					continue;
				}
				if (other.getFileName().toString().startsWith(STARTING_PREFIX)) {
					removeIfAbandoned(other);
					continue;
				}
				try (FileChannel channel = FileChannel.open(other.resolve(LOCK_FILE), StandardOpenOption.CREATE,
						StandardOpenOption.WRITE); FileLock held = tryLock(channel)) {
					if (held == null) {
						continue; // a running instance's journal
					}
					List<Path> segments;
					try (Stream<Path> files = Files.list(other)) {
						segments = files.filter(JournalDirectory::isSegment).sorted().toList();
					}
					for (Path segment : segments) {
						Files.move(segment, nextSegmentFile());
					}
					if (!segments.isEmpty()) {
						log.info("Operation log: adopted {} undelivered journal segment(s) from {}", segments.size(), other);
					}
					Files.deleteIfExists(other.resolve(LOCK_FILE));
				}
				catch (IOException ex) {
					log.warn("Operation log: could not adopt the journal {} ({}); it is tried again at the next start",
							other, ex.getMessage());
					continue;
				}
				try {
					Files.deleteIfExists(other);
				}
				catch (IOException ex) {
					// not empty after all (a new instance just started there): leave it
				}
			}
		}
	}

	/**
	 * Removes the directory of an instance that died while starting: it never held a segment (they are
	 * written only after the rename). A young one may belong to an instance starting right now.
	 */
	private static void removeIfAbandoned(Path starting) {
		try {
			if (Files.getLastModifiedTime(starting).toInstant().isAfter(java.time.Instant.now().minus(ABANDONED_START))) {
				return;
			}
			Path lockFile = starting.resolve(LOCK_FILE);
			if (Files.exists(lockFile)) {
				try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
						FileLock held = tryLock(channel)) {
					if (held == null) {
						return;
					}
					Files.deleteIfExists(lockFile);
				}
			}
			Files.deleteIfExists(starting);
		}
		catch (IOException ex) {
			// gone already, or not empty: left alone
		}
	}

	private static FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			return null; // held by another instance in this JVM
		}
	}

	private static boolean isSegment(Path file) {
		String name = file.getFileName().toString();
		return name.startsWith(SEGMENT_PREFIX) && name.endsWith(SEGMENT_SUFFIX);
	}

	private static String segmentName(long sequence) {
		return String.format("%s%019d%s", SEGMENT_PREFIX, sequence, SEGMENT_SUFFIX);
	}

}
