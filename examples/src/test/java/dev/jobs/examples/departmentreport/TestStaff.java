package dev.jobs.examples.departmentreport;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's side of the contract, as test data: each test adds departments under names of
 * its own, so tests sharing the application do not see each other's people.
 */
class TestStaff implements Staff {

	private final Map<String, List<Member>> members = new ConcurrentHashMap<>();

	private final Map<String, List<String>> children = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

	TestStaff department(String name, Member... people) {
		members.put(name, List.of(people));
		return this;
	}

	TestStaff subDepartments(String parent, String... names) {
		children.put(parent, List.of(names));
		return this;
	}

	/** The next {@code times} reads of the department fail, as a directory that is briefly down. */
	TestStaff unavailable(String department, int times) {
		failuresLeft.put(department, new AtomicInteger(times));
		return this;
	}

	static Member member(String name, String position, String salary) {
		return new Member(name, position, new BigDecimal(salary));
	}

	@Override
	public List<Member> of(String department) {
		AtomicInteger left = failuresLeft.get(department);
		if (left != null && left.getAndDecrement() > 0) {
			throw new IllegalStateException("staff directory unavailable");
		}
		return members.getOrDefault(department, List.of());
	}

	@Override
	public List<String> subDepartmentsOf(String department) {
		return children.getOrDefault(department, List.of());
	}

}
