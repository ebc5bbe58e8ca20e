package com.example.invoices;

import java.time.Duration;

import dev.jobs.core.JobHandler;
import dev.jobs.core.JobHandlers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InvoiceConfiguration {

	@Bean
	JobHandler<InvoiceTotal.Payload> invoiceTotalHandler() {
		return JobHandlers.define(InvoiceTotal.TYPE)
			.maxAttempts(3)
			.timeout(Duration.ofMinutes(1))
			.handle((payload, context) -> {
				long total = payload.lineCents().stream().mapToLong(Long::longValue).sum();
				context.setResult(new InvoiceTotal.Result(payload.customer(), total, payload.lineCents().size()));
			});
	}

}
