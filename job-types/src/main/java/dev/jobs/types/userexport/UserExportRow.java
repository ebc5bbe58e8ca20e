package dev.jobs.types.userexport;

import java.time.LocalDateTime;

import com.alibaba.excel.annotation.ExcelProperty;
import com.alibaba.excel.annotation.format.DateTimeFormat;
import com.alibaba.excel.annotation.write.style.ColumnWidth;

/** One line of the user export, headers in Chinese; never the password hash. */
public class UserExportRow {

	@ExcelProperty("编号")
	@ColumnWidth(10)
	private Long id;

	@ExcelProperty("用户名")
	@ColumnWidth(18)
	private String username;

	@ExcelProperty("姓名")
	@ColumnWidth(12)
	private String displayName;

	@ExcelProperty("邮箱")
	@ColumnWidth(30)
	private String email;

	@ExcelProperty("角色")
	@ColumnWidth(12)
	private String role;

	@ExcelProperty("状态")
	@ColumnWidth(8)
	private String status;

	@ExcelProperty("创建时间")
	@ColumnWidth(20)
	@DateTimeFormat("yyyy-MM-dd HH:mm:ss")
	private LocalDateTime createdAt;

	@ExcelProperty("更新时间")
	@ColumnWidth(20)
	@DateTimeFormat("yyyy-MM-dd HH:mm:ss")
	private LocalDateTime updatedAt;

	public UserExportRow() {
	}

	public UserExportRow(Long id, String username, String displayName, String email, String role, String status,
			LocalDateTime createdAt, LocalDateTime updatedAt) {
		this.id = id;
		this.username = username;
		this.displayName = displayName;
		this.email = email;
		this.role = role;
		this.status = status;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
	}

	public Long getId() {
		return id;
	}

	public void setId(Long id) {
		this.id = id;
	}

	public String getUsername() {
		return username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getDisplayName() {
		return displayName;
	}

	public void setDisplayName(String displayName) {
		this.displayName = displayName;
	}

	public String getEmail() {
		return email;
	}

	public void setEmail(String email) {
		this.email = email;
	}

	public String getRole() {
		return role;
	}

	public void setRole(String role) {
		this.role = role;
	}

	public String getStatus() {
		return status;
	}

	public void setStatus(String status) {
		this.status = status;
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
