package dev.jobs.core;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static dev.jobs.core.TestHandlers.simple;

/**
 * Job types of the batch and workflow tests: a callback that keeps the batch it saw, and a member that adds
 * members as it runs.
 */
@TestConfiguration(proxyBeanMethods = false)
public class BatchTestHandlers {

	/** The batch each {@code BATCH_CALLBACK} job saw through its context, by job id. */
	public static final Map<UUID, BatchView> SEEN = new ConcurrentHashMap<>();

	public record CallbackPayload(@NotBlank String note) {
	}

	/** {@code BATCH_CALLBACK}: records its run and the batch it belongs to. */
	@Bean
	JobHandler<CallbackPayload> batchCallbackHandler() {
		return simple("BATCH_CALLBACK", CallbackPayload.class, (payload, context) -> {
			TestHandlers.record(context);
			context.batch().ifPresent(batch -> SEEN.put(context.jobId(), batch));
		});
	}

	/** Adds {@code members} {@code RECORD} members to its batch. */
	public record FanOutPayload(@Min(0) int members) {
	}

	/** {@code FAN_OUT}: a member that discovers work as it goes and adds it to its batch. */
	@Bean
	JobHandler<FanOutPayload> fanOutHandler() {
		return simple("FAN_OUT", FanOutPayload.class, (payload, context) -> {
			TestHandlers.record(context);
			for (int i = 0; i < payload.members(); i++) {
				context.addToBatch("RECORD", new TestHandlers.RecordPayload("added-" + i, 0), SubmitOptions.defaults());
			}
		});
	}

}
