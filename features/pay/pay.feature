# language: vi
Tính năng: Thanh toán phí, lệ phí bằng VietQR
  Ki-ốt hiện mã VietQR; ngân hàng báo đã nhận tiền thì ki-ốt in số biên lai.

  Bối cảnh:
    Biết người dân đã đăng nhập bằng thẻ căn cước
    Và người dân đã nộp một hồ sơ đăng ký thường trú

  @wire
  Kịch bản: Thanh toán lệ phí thành công
    Khi người dân mở khoản cần thanh toán của hồ sơ đó
    Thì màn hình hiển thị "Quét mã VietQR để thanh toán"
    Khi ngân hàng xác nhận đã nhận tiền
    Và 4 giây trôi qua
    Thì màn hình hiển thị "Thanh toán thành công"
    Và màn hình hiển thị "Số biên lai"

  Kịch bản: Hết thời gian thanh toán
    Khi người dân mở khoản cần thanh toán của hồ sơ đó
    Và đồng hồ của hệ thống tỉnh chạy thêm 1000 giây
    Và 4 giây trôi qua
    Thì màn hình hiển thị "Hết thời gian thanh toán"

  Kịch bản: Chờ ngân hàng lâu hơn thời gian chờ thao tác mà phiên vẫn còn
    Khi người dân mở khoản cần thanh toán của hồ sơ đó
    Và 200 giây trôi qua
    Thì màn hình hiển thị "Quét mã VietQR để thanh toán"
    Khi ngân hàng xác nhận đã nhận tiền
    Và 4 giây trôi qua
    Thì màn hình hiển thị "Thanh toán thành công"
