package com.example.invoices;

import java.util.List;

import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.test.JobPlatformTest;
import dev.jobs.test.JobTestKit;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java API, as the guide shows it: submit through the platform's client and see the job succeed. */
@JobPlatformTest(properties = { Http.SMALL_POOL, Http.SMALL_ENGINE_POOL,
		"jobs.results.directory=target/test-results/jobs-results" })
class JavaApiTest {

	@Autowired
	JobTestKit kit;

	@Test
	void invoiceTotalSubmittedInJavaSucceedsWithItsResult() {
		JobView job = kit.submitAndAwait(InvoiceTotal.TYPE,
				new InvoiceTotal.Payload("ACME", List.of(1_250L, 999L, 1L)));

		assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(kit.result(job, InvoiceTotal.Result.class))
			.isEqualTo(new InvoiceTotal.Result("ACME", 2_250L, 3));
	}

}
