package dev.jobs.app.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTest {

	@Test
	void twelveCharactersUpTo72BytesAreAccepted() {
		assertThat(PasswordPolicy.violation("a".repeat(12))).isEmpty();
		assertThat(PasswordPolicy.violation("a".repeat(72))).isEmpty();
		assertThat(PasswordPolicy.violation("密".repeat(24))).isEmpty(); // 72 bytes
	}

	@Test
	void shorterThan12CharactersOrLongerThan72BytesIsRefusedWithTheRule() {
		assertThat(PasswordPolicy.violation("a".repeat(11))).hasValueSatisfying(
				reason -> assertThat(reason).contains("at least 12 characters").contains("11 characters"));
		assertThat(PasswordPolicy.violation("a".repeat(73))).hasValueSatisfying(
				reason -> assertThat(reason).contains("at most 72 bytes").contains("73 bytes"));
		assertThat(PasswordPolicy.violation("密".repeat(25))).hasValueSatisfying(
				reason -> assertThat(reason).contains("75 bytes")); // 25 characters, but 75 bytes
		assertThat(PasswordPolicy.violation("   ")).isPresent();
	}

}
