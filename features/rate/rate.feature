# language: vi
Tính năng: Đánh giá mức độ hài lòng
  Sau khi hồ sơ được giải quyết, người dân đánh giá theo Quyết định 766/QĐ-TTg, mỗi hồ sơ một lần.

  Bối cảnh:
    Biết người dân đã đăng nhập bằng thẻ căn cước
    Và người dân đã nộp một hồ sơ đăng ký thường trú
    Và hồ sơ đó đã được giải quyết xong

  @wire
  Kịch bản: Đánh giá hồ sơ đã giải quyết
    Khi người dân đánh giá hồ sơ đó
    Thì màn hình hiển thị "Cảm ơn bạn!"

  Kịch bản: Không được đánh giá lần thứ hai
    Khi người dân đánh giá hồ sơ đó
    Và người dân chạm "Hoàn tất"
    Và người dân chạm "Đánh giá hài lòng"
    Thì màn hình hiển thị "Không có hồ sơ nào chờ đánh giá."
    Và hệ thống tỉnh từ chối đánh giá hồ sơ đó lần nữa
