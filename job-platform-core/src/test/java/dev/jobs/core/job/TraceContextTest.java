package dev.jobs.core.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TraceContextTest {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN = "00f067aa0ba902b7";

	@Test
	void formatsTheTraceparentAndAddsTheTracestateAfterASpace() {
		assertThat(new TraceContext(TRACE, SPAN, true, null).format()).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
		assertThat(new TraceContext(TRACE, SPAN, false, "congo=t61rcWkgMzE, rojo=00f067aa0ba902b7").format())
			.isEqualTo("00-" + TRACE + "-" + SPAN + "-00 congo=t61rcWkgMzE, rojo=00f067aa0ba902b7");
	}

	@Test
	void parsesWhatItFormatsWithTheSamplingFlagAndTracestate() {
		TraceContext context = new TraceContext(TRACE, SPAN, true, "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
		assertThat(TraceContext.parse(context.format())).contains(context);
		assertThat(TraceContext.parse("00-" + TRACE + "-" + SPAN + "-00")).hasValueSatisfying(c -> {
			assertThat(c.sampled()).isFalse();
			assertThat(c.traceState()).isNull();
		});
		// Upper-case hex and other flag bits are read as W3C says: lower-cased, only the sampled bit counts.
		assertThat(TraceContext.parse("00-" + TRACE.toUpperCase() + "-" + SPAN + "-03"))
			.hasValueSatisfying(c -> assertThat(c.sampled()).isTrue());
	}

	@Test
	void aValueThatIsNoTraceContextIsNone() {
		assertThat(TraceContext.parse(null)).isEmpty();
		assertThat(TraceContext.parse(" ")).isEmpty();
		assertThat(TraceContext.parse("b3=whatever")).isEmpty();
		assertThat(TraceContext.parse("00-" + TRACE + "-" + SPAN)).isEmpty();
		assertThat(TraceContext.parse("00-" + "0".repeat(32) + "-" + SPAN + "-01")).isEmpty();
		assertThat(TraceContext.parse("00-" + TRACE + "-" + "0".repeat(16) + "-01")).isEmpty();
		assertThat(TraceContext.parse("ff-" + TRACE + "-" + SPAN + "-01")).isEmpty();
		assertThat(TraceContext.parse("00-" + TRACE + "-" + SPAN + "-01-extra")).isEmpty();
		assertThat(TraceContext.parse("00-" + TRACE.substring(1) + "g-" + SPAN + "-01")).isEmpty();
	}

	@Test
	void aLaterVersionIsReadByItsFirstFourFields() {
		assertThat(TraceContext.parse("01-" + TRACE + "-" + SPAN + "-01-future")).hasValueSatisfying(c -> {
			assertThat(c.traceId()).isEqualTo(TRACE);
			assertThat(c.spanId()).isEqualTo(SPAN);
		});
	}

	@Test
	void refusesIdsThatAreNotHex() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TraceContext("xyz", SPAN, true, null));
	}

}
