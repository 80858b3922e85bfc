# language: vi
@bo_sung
Tính năng: Giải quyết thông báo ngay trên màn hình tình trạng hồ sơ
  Phí còn phải nộp được thanh toán, giấy tờ được yêu cầu bổ sung được quét và gửi ngay từ màn hình
  tình trạng hồ sơ; thông báo đã giải quyết thì không còn hiện.

  Bối cảnh:
    Biết người dân đã đăng nhập bằng thẻ căn cước
    Và người dân đã nộp một hồ sơ đăng ký thường trú

  Kịch bản: Thanh toán phí từ màn hình tình trạng hồ sơ
    Khi người dân chạm "Tra cứu hồ sơ"
    Và người dân chọn hồ sơ đó
    Thì màn hình hiển thị "Cần thanh toán"
    Khi người dân chạm "Thanh toán ngay"
    Thì màn hình hiển thị "Quét mã VietQR để thanh toán"
    Khi ngân hàng xác nhận đã nhận tiền
    Và 4 giây trôi qua
    Thì màn hình hiển thị "Thanh toán thành công"
    Khi người dân chạm "Hoàn tất"
    Thì màn hình hiển thị "Tình trạng hồ sơ"
    Và màn hình không hiển thị "Cần thanh toán"
    Và màn hình không hiển thị "Thanh toán ngay"
