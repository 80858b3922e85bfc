# language: vi
Tính năng: Danh sách không bị cắt
  Mọi danh sách của ki-ốt chia trang với nút lớn "Trang trước" / "Xem thêm": không lựa chọn,
  kết quả tìm kiếm hay bước xử lý nào bị giấu đi, kể cả với chữ lớn.

  Kịch bản: Chọn lựa chọn thứ 16 của "Quan hệ với chủ hộ"
    Biết người dân đã đăng nhập bằng thẻ căn cước
    Khi người dân mở tờ khai "Đăng ký thường trú" sau khi tìm "thuong tru"
    Và người dân chọn "Khác" ở mục "Quan hệ với chủ hộ"
    Thì tờ khai ghi "Khác" ở mục "Quan hệ với chủ hộ"

  Kịch bản: Xem trang kết quả tìm kiếm thứ hai
    Biết ki-ốt đang chờ ở màn hình chào
    Khi người dân chạm "Tìm thủ tục hành chính"
    Và người dân gõ "dang ky"
    Và người dân ghi nhớ các thủ tục ở trang đầu
    Và người dân chạm "Xem thêm"
    Thì màn hình hiển thị "Trang 2/"
    Và trang này có những thủ tục chưa có ở trang đầu

  Kịch bản: Bước xử lý mới nhất đứng đầu lịch sử hồ sơ
    Biết người dân đã đăng nhập bằng thẻ căn cước
    Và người dân đã nộp một hồ sơ đăng ký thường trú
    Và hồ sơ đó đã qua 8 bước xử lý
    Khi người dân chạm "Tra cứu hồ sơ"
    Và người dân chọn hồ sơ đó
    Thì bước xử lý mới nhất đứng đầu lịch sử
    Và chữ trên màn hình không tràn khỏi ô của nó
