# language: vi
Tính năng: Đăng nhập bằng ứng dụng VNeID
  Ki-ốt hiện mã QR; người dân quét bằng ứng dụng VNeID và xác nhận trên điện thoại.

  Bối cảnh:
    Biết ki-ốt đang chờ ở màn hình chào
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Ứng dụng VNeID"

  @wire
  Kịch bản: Xác nhận trên điện thoại thì đăng nhập được
    Thì màn hình hiển thị "Quét mã bằng ứng dụng VNeID"
    Khi người dân xác nhận đăng nhập trên điện thoại
    Và 3 giây trôi qua
    Thì màn hình hiển thị "Đăng nhập thành công"

  Kịch bản: Từ chối trên điện thoại
    Khi người dân từ chối đăng nhập trên điện thoại
    Và 3 giây trôi qua
    Thì màn hình hiển thị "Đăng nhập bị từ chối"
    Và màn hình hiển thị "Tạo mã QR mới"

  Kịch bản: Mã QR hết hạn khi chưa ai quét
    Khi đồng hồ của hệ thống tỉnh chạy thêm 301 giây
    Và 3 giây trôi qua
    Thì màn hình hiển thị "Mã QR đã hết hạn"

  Kịch bản: Chờ quét mã QR lâu hơn thời gian chờ thao tác mà phiên vẫn còn
    Khi 150 giây trôi qua
    Thì màn hình hiển thị "Quét mã bằng ứng dụng VNeID"
    Và màn hình không hiển thị "Bạn còn đó không?"
