package dev.jobs.types.export;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.RowCallbackHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowPipeTest {

	@Test
	void rowsArriveInOrderInFullBatchesThenTheRest() throws Exception {
		List<List<Integer>> batches = new ArrayList<>();
		try (RowPipe<Integer> pipe = new RowPipe<>(3, 2)) {
			pipe.start("reader", rows(7, -1, new AtomicInteger()), (rs, n) -> rs.getRow());
			for (List<Integer> batch = pipe.take(); batch != null; batch = pipe.take()) {
				batches.add(batch);
			}
		}

		assertThat(batches).containsExactly(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7));
	}

	@Test
	void aFailingQueryFailsTheConsumerAfterTheRowsBeforeIt() throws Exception {
		try (RowPipe<Integer> pipe = new RowPipe<>(2, 2)) {
			pipe.start("reader", rows(10, 5, new AtomicInteger()), (rs, n) -> rs.getRow());

			assertThat(pipe.take()).containsExactly(1, 2);
			assertThat(pipe.take()).containsExactly(3, 4);
			assertThatThrownBy(pipe::take).isInstanceOf(IllegalStateException.class).hasMessage("row 5 is broken");
		}
	}

	@Test
	void closingStopsAReaderThatWaitsForRoom() throws Exception {
		AtomicInteger read = new AtomicInteger();
		RowPipe<Integer> pipe = new RowPipe<>(10, 1);
		pipe.start("reader", rows(1_000_000, -1, read), (rs, n) -> rs.getRow());
		assertThat(pipe.take()).hasSize(10);

		pipe.close();

		assertThat(read.get()).as("rows read before the reader gave up").isLessThan(100);
	}

	/** A query over {@code count} rows whose row {@code failAt} throws. */
	private static RowPipe.Query rows(int count, int failAt, AtomicInteger read) {
		return (RowCallbackHandler handler) -> {
			for (int i = 1; i <= count; i++) {
				if (i == failAt) {
					throw new IllegalStateException("row " + i + " is broken");
				}
				read.incrementAndGet();
				try {
					handler.processRow(row(i));
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			}
		};
	}

	private static ResultSet row(int number) {
		return (ResultSet) java.lang.reflect.Proxy.newProxyInstance(RowPipeTest.class.getClassLoader(),
				new Class<?>[] { ResultSet.class }, (proxy, method, args) -> {
					if (method.getName().equals("getRow")) {
						return number;
					}
					throw new UnsupportedOperationException(method.getName());
				});
	}

}
