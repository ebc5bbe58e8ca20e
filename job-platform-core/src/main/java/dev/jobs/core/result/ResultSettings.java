package dev.jobs.core.result;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What result files and their retention are configured with ({@code jobs.results.*}), read by the
 * auto-configuration. A retention that is not positive is refused at start by {@link ResultRetention}.
 *
 * @param directory directory of the local result storage, shared by all instances
 * @param retention how long finished jobs and their result files are kept after they finished
 * @param cleanupInterval how often expired jobs and files are looked for
 * @param cleanupBatchSize jobs removed per transaction
 */
public record ResultSettings(Path directory, Duration retention, Duration cleanupInterval, int cleanupBatchSize) {
}
