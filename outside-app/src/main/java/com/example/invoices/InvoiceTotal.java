package com.example.invoices;

import java.util.List;

import dev.jobs.core.JobType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** The application's own job type: adds up an invoice's lines in the background. */
public final class InvoiceTotal {

	public static final JobType<Payload> TYPE = JobType.of("INVOICE_TOTAL", Payload.class);

	private InvoiceTotal() {
	}

	/** @param lineCents each line's amount, in cents */
	public record Payload(@NotBlank @Size(max = 100) String customer,
			@NotEmpty @Size(max = 1000) List<@Positive Long> lineCents) {
	}

	/** What a finished job holds as its result. */
	public record Result(String customer, long totalCents, int lines) {
	}

}
