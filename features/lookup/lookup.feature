# language: vi
Tính năng: Tra cứu tình trạng hồ sơ
  Người dân đã đăng nhập xem danh sách hồ sơ của mình; người chưa đăng nhập tra bằng mã hồ sơ
  và số định danh của người nộp.

  @wire
  Kịch bản: Xem hồ sơ của mình sau khi đăng nhập
    Biết người dân đã đăng nhập bằng thẻ căn cước
    Và người dân đã nộp một hồ sơ đăng ký thường trú
    Khi người dân chạm "Tra cứu hồ sơ"
    Và người dân chọn hồ sơ đó
    Thì màn hình hiển thị "Tình trạng hồ sơ"
    Và màn hình hiển thị "Mới đăng ký"
    Và màn hình hiển thị "Ki-ốt: Nộp hồ sơ"
    Và màn hình không hiển thị "submitted"

  Kịch bản: Tra cứu không cần đăng nhập
    Biết người dân đã nộp một hồ sơ đăng ký thường trú
    Và ki-ốt đang chờ ở màn hình chào
    Khi người dân tra cứu hồ sơ đó bằng số định danh của mình
    Thì màn hình hiển thị "Tình trạng hồ sơ"
    Và màn hình hiển thị "Mới đăng ký"

  Kịch bản: Mã hồ sơ không đúng
    Biết ki-ốt đang chờ ở màn hình chào
    Khi người dân tra cứu hồ sơ "H36.1-000000-0000" bằng số định danh của mình
    Thì màn hình hiển thị "Không tìm thấy hồ sơ"
