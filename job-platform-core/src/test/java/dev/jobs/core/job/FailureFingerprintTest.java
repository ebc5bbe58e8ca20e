package dev.jobs.core.job;

import dev.jobs.core.job.FailureFingerprint.Cause;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureFingerprintTest {

	private static final String STACK = """
			java.lang.IllegalStateException: order 4711 not found
				at java.base/java.util.Optional.orElseThrow(Optional.java:403)
				at org.springframework.aop.framework.ReflectiveMethodInvocation.proceed(ReflectiveMethodInvocation.java:184)
				at dev.jobs.core.delivery.JobWorker.run(JobWorker.java:120)
				at com.example.billing.Invoices.charge(Invoices.java:42)
				at com.example.billing.InvoiceHandler.handle(InvoiceHandler.java:17)
			""";

	@Test
	void idsNumbersAndQuotedValuesAreMaskedSoThatFailuresOfDifferentRecordsShareAFingerprint() {
		Cause one = FailureFingerprint.of("INVOICE", "java.lang.IllegalStateException: order 4711 of customer "
				+ "3f2a8c1e-9b7d-4e21-a0c3-5d6e7f8091ab not found in 'eu-west' (hash 9f86d081884c7d65)", STACK);
		Cause other = FailureFingerprint.of("INVOICE", "java.lang.IllegalStateException: order 12 of customer "
				+ "00000000-1111-2222-3333-444444444444 not found in \"us-east\" (hash 0a1b2c3d4e5f6789)", STACK);

		assertThat(one.message()).isEqualTo("order <n> of customer <uuid> not found in <value> (hash <hex>)");
		assertThat(one.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
		assertThat(one.fingerprint()).isEqualTo(other.fingerprint()).hasSize(20).matches("[0-9a-f]+");
	}

	@Test
	void theTypeTheExceptionClassTheMessageAndTheFrameEachTellCausesApart() {
		String error = "java.lang.IllegalStateException: order 1 not found";
		String fingerprint = FailureFingerprint.of("INVOICE", error, STACK).fingerprint();

		assertThat(FailureFingerprint.of("REFUND", error, STACK).fingerprint()).isNotEqualTo(fingerprint);
		assertThat(FailureFingerprint.of("INVOICE", "java.lang.IllegalArgumentException: order 1 not found", STACK)
			.fingerprint()).isNotEqualTo(fingerprint);
		assertThat(FailureFingerprint.of("INVOICE", "java.lang.IllegalStateException: order 1 is closed", STACK)
			.fingerprint()).isNotEqualTo(fingerprint);
		assertThat(FailureFingerprint.of("INVOICE", error, STACK.replace("Invoices.charge", "Invoices.refund"))
			.fingerprint()).isNotEqualTo(fingerprint);
	}

	@Test
	void theFrameIsTheFirstOutsideTheJdkTheFrameworksAndThePlatformWithoutItsLineNumber() {
		assertThat(FailureFingerprint.of("INVOICE", "x", STACK).frame()).isEqualTo("com.example.billing.Invoices.charge");
		// A new release moves the line: the cause stays the same.
		assertThat(FailureFingerprint.of("INVOICE", "x", STACK.replace("Invoices.java:42", "Invoices.java:57"))
			.fingerprint()).isEqualTo(FailureFingerprint.of("INVOICE", "x", STACK).fingerprint());
		assertThat(FailureFingerprint.of("INVOICE", "x", "java.lang.Error\n\tat java.base/java.lang.Thread.run(Thread.java:1)")
			.frame()).isNull();
	}

	@Test
	void aPlatformSentenceWithoutAnExceptionClassIsGroupedByItsMaskedText() {
		Cause lost = FailureFingerprint.of("INVOICE",
				"Worker host-1:4242:ab12cd34 stopped renewing its lease during attempt 3", null);

		assertThat(lost.exceptionClass()).isNull();
		assertThat(lost.frame()).isNull();
		assertThat(lost.message()).isEqualTo("Worker host-<n>:<n>:<hex> stopped renewing its lease during attempt <n>");
		assertThat(FailureFingerprint.of("INVOICE", "Worker host-2:17:ffee0011 stopped renewing its lease during attempt 1",
				null).fingerprint()).isEqualTo(lost.fingerprint());
	}

	@Test
	void anExceptionWithoutAMessageIsItsClassAlone() {
		Cause cause = FailureFingerprint.of("INVOICE", "java.lang.NullPointerException", null);

		assertThat(cause.exceptionClass()).isEqualTo("java.lang.NullPointerException");
		assertThat(cause.message()).isEmpty();
	}

	@Test
	void aLongMessageIsCutSoThatItFitsItsColumn() {
		assertThat(FailureFingerprint.mask("x".repeat(5000))).hasSize(FailureFingerprint.MAX_MESSAGE);
		assertThat(FailureFingerprint.mask(null)).isEmpty();
	}

}
