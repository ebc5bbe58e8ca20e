package dev.jobs.examples.departmentreport;

import java.math.BigDecimal;
import java.util.List;

/**
 * Where the report reads people from: the application implements it as a bean (on its own tables,
 * a directory service, ...), so the job type does not depend on any schema.
 */
public interface Staff {

	/** The people of exactly this department, in a stable order. */
	List<Member> of(String department);

	/** The departments directly below this one; empty if none. */
	List<String> subDepartmentsOf(String department);

	/** One person as the report shows them. */
	record Member(String name, String position, BigDecimal salary) {
	}

}
