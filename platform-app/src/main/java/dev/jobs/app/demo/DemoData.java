package dev.jobs.app.demo;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * Realistic-looking employees and users for development and benchmarks: common Chinese surnames
 * and given names, departments with their positions and salary bands, hire dates that fit the
 * age. Deterministic for a seed, so a benchmark can be repeated on the same data.
 */
final class DemoData {

	private static final String[] SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
			+ "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤").split("");

	private static final String[] COMPOUND_SURNAMES = { "欧阳", "司马", "上官", "诸葛", "东方" };

	private static final String[] MALE = "伟强磊军洋勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建亮成博文轩睿泽航志毅峰".split("");

	private static final String[] FEMALE = "芳娜敏静丽艳娟霞秀燕玲丹萍红婷雪琳倩颖洁慧莹欣怡悦晶月梦雨思佳璐瑶琪萱婉妍".split("");

	/** Department, its weight, and its positions with salary bands (monthly, yuan). */
	private static final Department[] DEPARTMENTS = {
			new Department("研发部", 30,
					new Position("Java开发工程师", 15_000, 35_000), new Position("前端开发工程师", 13_000, 30_000),
					new Position("测试工程师", 10_000, 22_000), new Position("算法工程师", 25_000, 50_000),
					new Position("架构师", 35_000, 60_000), new Position("技术经理", 30_000, 50_000)),
			new Department("产品部", 8, new Position("产品经理", 18_000, 40_000), new Position("产品助理", 8_000, 13_000),
					new Position("交互设计师", 12_000, 25_000), new Position("UI设计师", 10_000, 22_000)),
			new Department("市场部", 8, new Position("市场专员", 7_000, 12_000), new Position("品牌经理", 15_000, 28_000),
					new Position("市场总监", 35_000, 55_000)),
			new Department("销售部", 15, new Position("销售代表", 6_000, 12_000), new Position("大客户经理", 15_000, 30_000),
					new Position("销售经理", 18_000, 35_000), new Position("销售总监", 35_000, 60_000)),
			new Department("人力资源部", 6, new Position("招聘专员", 6_500, 11_000), new Position("HRBP", 12_000, 22_000),
					new Position("薪酬福利专员", 8_000, 14_000), new Position("人力资源经理", 18_000, 32_000)),
			new Department("财务部", 6, new Position("会计", 7_000, 13_000), new Position("出纳", 5_500, 9_000),
					new Position("财务分析师", 12_000, 22_000), new Position("财务经理", 20_000, 38_000)),
			new Department("行政部", 5, new Position("行政专员", 5_500, 9_500), new Position("前台", 5_000, 7_500),
					new Position("行政经理", 12_000, 22_000)),
			new Department("客服部", 10, new Position("客服专员", 5_000, 8_500), new Position("客服主管", 9_000, 15_000)),
			new Department("运维部", 8, new Position("运维工程师", 12_000, 25_000), new Position("DBA", 18_000, 35_000),
					new Position("SRE工程师", 20_000, 40_000)),
			new Department("法务部", 4, new Position("法务专员", 9_000, 16_000), new Position("法务经理", 22_000, 40_000)) };

	private static final int TOTAL_WEIGHT;

	static {
		int total = 0;
		for (Department d : DEPARTMENTS) {
			total += d.weight();
		}
		TOTAL_WEIGHT = total;
	}

	private static final LocalDate EARLIEST_HIRE = LocalDate.of(2005, 1, 1);

	private final SplittableRandom random;

	private final LocalDate today;

	DemoData(long seed, LocalDate today) {
		this.random = new SplittableRandom(seed);
		this.today = today;
	}

	record Department(String name, int weight, Position... positions) {
	}

	record Position(String name, int minSalary, int maxSalary) {
	}

	/** Appends one employee as a line of PostgreSQL COPY text (tab separated). */
	void employee(StringBuilder line, int n, double deletedRatio) {
		boolean male = random.nextBoolean();
		Department department = department();
		Position position = department.positions()[random.nextInt(department.positions().length)];
		int age = 22 + random.nextInt(37);
		LocalDate earliest = today.minusYears(age - 22L).isAfter(EARLIEST_HIRE) ? today.minusYears(age - 22L)
				: EARLIEST_HIRE;
		LocalDate hired = earliest.plusDays(random.nextLong(Math.max(1, ChronoUnit.DAYS.between(earliest, today))));
		int cents = (position.minSalary() + random.nextInt(position.maxSalary() - position.minSalary() + 1)) * 100
				+ (random.nextInt(4) * 25);
		OffsetDateTime created = hired.atTime(9, random.nextInt(60), random.nextInt(60)).atOffset(ZoneOffset.ofHours(8));
		OffsetDateTime updated = created.plusDays(random.nextLong(Math.max(1, ChronoUnit.DAYS.between(hired, today))))
			.plusSeconds(random.nextInt(86_400));
		name(line, male);
		line.append('\t').append(male ? '男' : '女');
		line.append('\t').append(age);
		line.append('\t').append(department.name());
		line.append('\t').append(position.name());
		line.append('\t').append(hired);
		line.append('\t').append(cents / 100).append('.').append(two(cents % 100));
		line.append("\thttps://avatars.example.com/employees/").append(n % 997).append(".png");
		line.append('\t').append(created);
		line.append('\t').append(updated);
		line.append('\t').append(random.nextDouble() < deletedRatio ? 't' : 'f');
		line.append('\n');
	}

	/** Appends one user as a line of COPY text; {@code n} makes the user name unique. */
	void user(StringBuilder line, long n, double deletedRatio) {
		String username = "user" + String.format("%06d", n);
		double r = random.nextDouble();
		String role = (n == 1 || r < 0.01) ? "SUPER_ADMIN" : (r < 0.10) ? "MANAGER" : "USER";
		OffsetDateTime created = today.minusDays(random.nextInt(3 * 365))
			.atTime(8 + random.nextInt(12), random.nextInt(60))
			.atOffset(ZoneOffset.ofHours(8));
		line.append(username).append('\t');
		name(line, random.nextBoolean());
		line.append('\t').append(username).append("@example.com");
		line.append('\t').append(role);
		line.append('\t').append(random.nextDouble() < 0.92 ? "ACTIVE" : "DISABLED");
		line.append('\t').append(created);
		line.append('\t').append(created.plusDays(random.nextInt(90)));
		line.append('\t').append(n != 1 && random.nextDouble() < deletedRatio ? 't' : 'f');
		line.append('\n');
	}

	private void name(StringBuilder line, boolean male) {
		line.append(random.nextInt(100) == 0 ? COMPOUND_SURNAMES[random.nextInt(COMPOUND_SURNAMES.length)]
				: SURNAMES[random.nextInt(SURNAMES.length)]);
		String[] given = male ? MALE : FEMALE;
		line.append(given[random.nextInt(given.length)]);
		if (random.nextInt(10) < 6) {
			line.append(given[random.nextInt(given.length)]);
		}
	}

	private Department department() {
		int pick = random.nextInt(TOTAL_WEIGHT);
		for (Department d : DEPARTMENTS) {
			pick -= d.weight();
			if (pick < 0) {
				return d;
			}
		}
		return DEPARTMENTS[0];
	}

	private static String two(int n) {
		return (n < 10) ? "0" + n : String.valueOf(n);
	}

}
