package dev.jobs.core;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A submitted batch: its id, its members' submissions in the order given, and its callbacks' job ids.
 */
public record BatchSubmission(UUID id, List<JobClient.Submission> members, Map<BatchCallback, UUID> callbacks) {
}
