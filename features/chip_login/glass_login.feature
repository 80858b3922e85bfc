# language: vi
Tính năng: Đăng nhập bằng thẻ đặt trên mặt kính, không cần nhập số
  Người dân đặt thẻ căn cước lên mặt kính máy quét (mặt nào, chiều nào cũng được). Ki-ốt đọc
  mã QR hoặc vùng MRZ in trên thẻ để mở chip, rồi đọc chip và xác thực như khi nhập số.
  Khi không đọc được bản in, ki-ốt mời nhập số ngay.

  Bối cảnh:
    Biết ki-ốt đang chờ ở màn hình chào

  @wire
  Kịch bản: Đọc thẻ từ mã QR ở mặt trước
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Thẻ căn cước gắn chip (cả thẻ CCCD cũ)"
    Thì màn hình hiển thị "Đặt thẻ lên mặt kính"
    Khi người dân đặt thẻ lên mặt kính, mặt trước
    Thì màn hình hiển thị "Đăng nhập thành công"
    Và màn hình hiển thị tên của người dân
    Và thẻ được mở bằng mã qr

  @wire
  Kịch bản: Đọc thẻ từ vùng MRZ ở mặt sau, thẻ đặt ngược
    Biết bản in trên thẻ có lỗi "card-upside-down"
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Thẻ căn cước gắn chip (cả thẻ CCCD cũ)"
    Và người dân đặt thẻ lên mặt kính, mặt sau
    Thì màn hình hiển thị "Đăng nhập thành công"
    Và thẻ được mở bằng mã mrz

  @wire
  Kịch bản: Mã QR bị hỏng thì ki-ốt mời nhập số ngay
    Biết bản in trên thẻ có lỗi "qr-damaged"
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Thẻ căn cước gắn chip (cả thẻ CCCD cũ)"
    Và người dân đặt thẻ lên mặt kính, mặt trước
    Thì màn hình hiển thị "Không đọc được mã trên thẻ"
    Khi người dân nhập đúng số định danh và ngày sinh
    Thì màn hình hiển thị "Đăng nhập thành công"

  Kịch bản: Vùng MRZ bị nhòe thì ki-ốt mời nhập số ngay
    Biết bản in trên thẻ có lỗi "mrz-smudged"
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Thẻ căn cước gắn chip (cả thẻ CCCD cũ)"
    Và người dân đặt thẻ lên mặt kính, mặt sau
    Thì màn hình hiển thị "Không đọc được mã trên thẻ"
    Và ki-ốt chưa đăng nhập

  Kịch bản: Thẻ xoay 90 độ và lật nhầm mặt vẫn đọc được
    Biết bản in trên thẻ có lỗi "card-rotated=90"
    Và bản in trên thẻ có lỗi "wrong-face"
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Thẻ căn cước gắn chip (cả thẻ CCCD cũ)"
    Và người dân đặt thẻ lên mặt kính, mặt trước
    Thì màn hình hiển thị "Đăng nhập thành công"
    Và thẻ được mở bằng mã mrz

  Kịch bản: Bản in ghi tên người khác thì thẻ bị từ chối như dữ liệu chip bị sửa
    Biết bản in trên thẻ có lỗi "qr-mismatch"
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Thẻ căn cước gắn chip (cả thẻ CCCD cũ)"
    Và người dân đặt thẻ lên mặt kính, mặt trước
    Thì màn hình hiển thị "Thông tin in trên thẻ không khớp với dữ liệu trong chip"
    Và màn hình không hiển thị "Thử lại"
    Và ki-ốt chưa đăng nhập
