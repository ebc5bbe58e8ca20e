package dev.jobs.core.delivery;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.jobs.core.job.JobMessage;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JobMessageCodecTest {

	@Test
	void messageCarriesOnlyTheJobsIdentityAndIsPersistent() {
		JobMessage job = new JobMessage(UUID.randomUUID(), "EXPORT", 2, 5);

		Message message = JobMessageCodec.encode(job);

		assertThat(message.getMessageProperties().getDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
		assertThat(message.getMessageProperties().getMessageId()).isEqualTo(job.jobId() + ":2");
		assertThat(JobMessageCodec.decode(message)).isEqualTo(new JobMessage(job.jobId(), "EXPORT", 2, 0));
	}

	@Test
	void messagePublishedByHandWithOnlyABodyIsUnderstood() {
		UUID id = UUID.randomUUID();
		Message message = MessageBuilder
			.withBody(("{ \"type\" : \"NOOP\", \"attempt\" : 0, \"jobId\" : \"" + id + "\" }")
				.getBytes(StandardCharsets.UTF_8))
			.build();

		assertThat(JobMessageCodec.decode(message)).isEqualTo(new JobMessage(id, "NOOP", 0, 0));
	}

	@Test
	void messageThatNamesNoJobIsRefused() {
		Message message = MessageBuilder.withBody("hello".getBytes(StandardCharsets.UTF_8)).build();

		assertThatIllegalArgumentException().isThrownBy(() -> JobMessageCodec.decode(message))
			.withMessageContaining("names no job");
	}

}
