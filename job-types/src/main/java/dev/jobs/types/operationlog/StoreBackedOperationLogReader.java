package dev.jobs.types.operationlog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import dev.jobs.core.AccessPolicy;
import dev.jobs.core.JobAdmin.Access;
import dev.jobs.core.operationlog.OperationLogReader;

/**
 * The core's {@link OperationLogReader} over {@link OperationLogStore}: what the dashboard's
 * operation log page reads, with the same reader roles and page limit as
 * {@code GET /api/operation-logs}.
 */
class StoreBackedOperationLogReader implements OperationLogReader {

	private final OperationLogStore store;

	private final AccessPolicy readers;

	private final int maxPageSize;

	StoreBackedOperationLogReader(OperationLogStore store, AccessPolicy readers, int maxPageSize) {
		this.store = store;
		this.readers = readers;
		this.maxPageSize = maxPageSize;
	}

	@Override
	public Page search(Query query, int page, int size) {
		OperationLogStore.Filter filter = new OperationLogStore.Filter(query.user(), query.action(), query.target(),
				(query.outcome() != null) ? OperationLogEntry.Outcome.valueOf(query.outcome().name()) : null,
				query.from(), query.to(), query.text());
		OperationLogStore.Page found = store.search(filter, Math.max(0, page),
				Math.max(1, Math.min(size, maxPageSize)));
		return new Page(found.items().stream().map(StoreBackedOperationLogReader::toEntry).toList(), found.page(),
				found.size(), found.hasMore());
	}

	@Override
	public Optional<Entry> find(UUID id) {
		return store.find(id).map(StoreBackedOperationLogReader::toEntry);
	}

	@Override
	public boolean mayRead(Predicate<String> hasRole) {
		return readers.access(hasRole) != Access.NONE;
	}

	private static Entry toEntry(OperationLogEntry e) {
		List<Change> diff = (e.diff() != null)
				? e.diff().stream().map(c -> new Change(c.field(), c.before(), c.after())).toList() : null;
		return new Entry(e.id(), e.occurredAt(), e.username(), e.action(), e.target(), e.message(),
				Outcome.valueOf(e.outcome().name()), e.errorType(), e.errorMessage(), e.durationMs(), e.clientIp(),
				e.userAgent(), e.httpMethod(), e.path(), e.correlationId(), e.arguments(), diff, e.traceId());
	}

}
