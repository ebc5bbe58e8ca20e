package dev.jobs.types.employeeexport;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;

import com.alibaba.excel.annotation.ExcelProperty;
import com.alibaba.excel.annotation.format.DateTimeFormat;
import com.alibaba.excel.annotation.format.NumberFormat;
import com.alibaba.excel.annotation.write.style.ColumnWidth;

/** One line of the employee export: the seed's columns, headers in Chinese. */
public class EmployeeExportRow {

	@ExcelProperty("编号")
	@ColumnWidth(10)
	private Long id;

	@ExcelProperty("姓名")
	@ColumnWidth(12)
	private String name;

	@ExcelProperty("性别")
	@ColumnWidth(8)
	private String gender;

	@ExcelProperty("年龄")
	@ColumnWidth(8)
	private Integer age;

	@ExcelProperty("部门")
	@ColumnWidth(14)
	private String department;

	@ExcelProperty("职位")
	@ColumnWidth(18)
	private String position;

	@ExcelProperty("入职日期")
	@ColumnWidth(14)
	@DateTimeFormat("yyyy-MM-dd")
	private LocalDate hireDate;

	@ExcelProperty("薪资")
	@ColumnWidth(14)
	@NumberFormat("0.00")
	private BigDecimal salary;

	@ExcelProperty("头像")
	@ColumnWidth(40)
	private String avatar;

	@ExcelProperty("创建时间")
	@ColumnWidth(20)
	@DateTimeFormat("yyyy-MM-dd HH:mm:ss")
	private LocalDateTime createdAt;

	@ExcelProperty("更新时间")
	@ColumnWidth(20)
	@DateTimeFormat("yyyy-MM-dd HH:mm:ss")
	private LocalDateTime updatedAt;

	public EmployeeExportRow() {
	}

	public EmployeeExportRow(Long id, String name, String gender, Integer age, String department, String position,
			LocalDate hireDate, BigDecimal salary, String avatar, LocalDateTime createdAt, LocalDateTime updatedAt) {
		this.id = id;
		this.name = name;
		this.gender = gender;
		this.age = age;
		this.department = department;
		this.position = position;
		this.hireDate = hireDate;
		this.salary = salary;
		this.avatar = avatar;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
	}

	public Long getId() {
		return id;
	}

	public void setId(Long id) {
		this.id = id;
	}

	public String getName() {
		return name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getGender() {
		return gender;
	}

	public void setGender(String gender) {
		this.gender = gender;
	}

	public Integer getAge() {
		return age;
	}

	public void setAge(Integer age) {
		this.age = age;
	}

	public String getDepartment() {
		return department;
	}

	public void setDepartment(String department) {
		this.department = department;
	}

	public String getPosition() {
		return position;
	}

	public void setPosition(String position) {
		this.position = position;
	}

	public LocalDate getHireDate() {
		return hireDate;
	}

	public void setHireDate(LocalDate hireDate) {
		this.hireDate = hireDate;
	}

	public BigDecimal getSalary() {
		return salary;
	}

	public void setSalary(BigDecimal salary) {
		this.salary = salary;
	}

	public String getAvatar() {
		return avatar;
	}

	public void setAvatar(String avatar) {
		this.avatar = avatar;
	}

	public LocalDateTime getCreatedAt() {
		return createdAt;
	}

	public void setCreatedAt(LocalDateTime createdAt) {
		this.createdAt = createdAt;
	}

	public LocalDateTime getUpdatedAt() {
		return updatedAt;
	}

	public void setUpdatedAt(LocalDateTime updatedAt) {
		this.updatedAt = updatedAt;
	}

}
