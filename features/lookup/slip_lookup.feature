# language: vi
Tính năng: Tra cứu bằng phiếu hẹn đặt trên mặt kính
  Người dân đặt phiếu hẹn lên mặt kính máy quét; ki-ốt đọc mã hồ sơ từ mã QR trên phiếu,
  người dân chỉ còn nhập số định danh.

  @wire
  Kịch bản: Mã hồ sơ được đọc từ phiếu hẹn
    Biết người dân đã nộp một hồ sơ đăng ký thường trú
    Và ki-ốt đang chờ ở màn hình chào
    Khi người dân mở màn hình tra cứu
    Và người dân đặt phiếu hẹn của hồ sơ đó lên mặt kính
    Và người dân chạm "Đọc mã trên phiếu hẹn (đặt phiếu lên mặt kính)"
    Và người dân nhập số định danh của mình rồi tra cứu
    Thì màn hình hiển thị "Tình trạng hồ sơ"
    Và màn hình hiển thị "Mới đăng ký"

  Kịch bản: Phiếu bị rách thì ki-ốt mời nhập mã
    Biết người dân đã nộp một hồ sơ đăng ký thường trú
    Và ki-ốt đang chờ ở màn hình chào
    Khi người dân mở màn hình tra cứu
    Và người dân đặt phiếu hẹn bị rách của hồ sơ đó lên mặt kính
    Và người dân chạm "Đọc mã trên phiếu hẹn (đặt phiếu lên mặt kính)"
    Thì màn hình hiển thị "Không đọc được mã trên phiếu"
