package dev.jobs.app.notification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * The application's migrations, after the notification tables moved to their one owner, job-types. The app's
 * {@code V3__notifications.sql} used to create them as well; it now adds only {@code app_user.locale}. A database
 * migrated before that records V3 with the old file's checksum, and Flyway's validation would refuse to start on
 * it. So, before migrating, that one history row is realigned to the file as it is now, and only when it holds
 * exactly the old file's checksum: any other edit of an applied migration still stops the start, as it should.
 * Such a database keeps its tables as they were (job-types' migrations create only what is missing), including
 * the foreign keys to {@code app_user} the old V3 declared.
 */
@Component
class NotificationTablesHandover implements FlywayMigrationStrategy {

	/** Flyway's checksum of {@code V3__notifications.sql} as it was while it created the notification tables. */
	static final int CHECKSUM_WHEN_V3_CREATED_THE_TABLES = -431_140_610;

	static final String VERSION = "3";

	private static final Logger log = LoggerFactory.getLogger(NotificationTablesHandover.class);

	@Override
	public void migrate(Flyway flyway) {
		realignV3(flyway);
		flyway.migrate();
	}

	/** Realigns V3's recorded checksum if it is the old file's; returns whether it did. */
	static boolean realignV3(Flyway flyway) {
		Optional<MigrationInfo> v3 = Arrays.stream(flyway.info().applied())
			.filter(applied -> applied.getVersion() != null && VERSION.equals(applied.getVersion().getVersion()))
			.findFirst();
		if (v3.isEmpty() || !Integer.valueOf(CHECKSUM_WHEN_V3_CREATED_THE_TABLES).equals(v3.get().getAppliedChecksum())
				|| v3.get().getResolvedChecksum() == null) {
			return false;
		}
		Configuration configuration = flyway.getConfiguration();
		String schema = (configuration.getDefaultSchema() != null) ? configuration.getDefaultSchema()
				: (configuration.getSchemas().length > 0) ? configuration.getSchemas()[0] : null;
		String table = ((schema != null) ? quote(schema) + "." : "") + quote(configuration.getTable());
		try (Connection connection = configuration.getDataSource().getConnection();
				PreparedStatement update = connection.prepareStatement(
						"update " + table + " set checksum = ? where version = ? and checksum = ?")) {
			update.setInt(1, v3.get().getResolvedChecksum());
			update.setString(2, VERSION);
			update.setInt(3, CHECKSUM_WHEN_V3_CREATED_THE_TABLES);
			int realigned = update.executeUpdate();
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
			log.info("Migration V3 no longer creates the notification tables (job-types does); its recorded "
					+ "checksum was realigned ({} row)", realigned);
			return realigned > 0;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not realign the checksum of migration V3 in " + table, ex);
		}
	}

	private static String quote(String identifier) {
		return '"' + identifier.replace("\"", "\"\"") + '"';
	}

}
