# language: vi
Tính năng: Tìm thủ tục hành chính
  Không cần đăng nhập, người dân tìm thủ tục bằng bàn phím trên màn hình (gõ không dấu cũng được).

  Bối cảnh:
    Biết ki-ốt đang chờ ở màn hình chào

  @wire
  Kịch bản: Tìm thấy thủ tục đăng ký thường trú
    Khi người dân chạm "Tìm thủ tục hành chính"
    Và người dân gõ "thuong tru"
    Thì màn hình hiển thị "Đăng ký thường trú"
    Khi người dân chạm "Đăng ký thường trú"
    Thì ki-ốt ở màn hình thủ tục
    Và màn hình hiển thị "Thời hạn giải quyết"

  Kịch bản: Không có kết quả
    Khi người dân chạm "Tìm thủ tục hành chính"
    Và người dân gõ "xyzxyz"
    Thì màn hình hiển thị "Không tìm thấy thủ tục"

  Kịch bản: Hệ thống tỉnh chậm nhưng vẫn trả lời
    Biết hệ thống tỉnh trả lời chậm 50 ms khi "tìm kiếm"
    Khi người dân chạm "Tìm thủ tục hành chính"
    Và người dân gõ "khai sinh"
    Thì màn hình hiển thị "Đăng ký khai sinh"

  Kịch bản: Hệ thống tỉnh quá thời gian chờ
    Biết hệ thống tỉnh quá thời gian chờ khi "tìm kiếm"
    Khi người dân chạm "Tìm thủ tục hành chính"
    Và người dân gõ "khai sinh"
    Thì ki-ốt ở màn hình lỗi
    Và màn hình hiển thị "Chưa thực hiện được"

  Kịch bản: Hệ thống tỉnh ngừng hoạt động
    Biết hệ thống tỉnh ngừng hoạt động
    Khi người dân chạm "Tìm thủ tục hành chính"
    Và người dân gõ "khai sinh"
    Thì ki-ốt ở màn hình lỗi
    Và màn hình hiển thị "Hệ thống gặp sự cố"
